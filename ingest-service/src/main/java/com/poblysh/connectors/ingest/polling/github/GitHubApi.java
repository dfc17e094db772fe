package com.poblysh.connectors.ingest.polling.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.ingest.jobs.PollException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET requests to GitHub's REST API with a connection's token, each answer turned into JSON or into the
 * {@link PollException} the engine acts on: 401 unauthorized (refresh once); 429 and rate-limited 403s rate limited
 * ({@link RateLimits}); other 403s (a missing scope, SSO not authorized) and 404s permanent, a 404 of a repository
 * as {@code repository_not_found}; 5xx, timeouts and unreachable hosts transient. Only URLs under the configured
 * API root are requested, so the token never goes elsewhere; redirects are not followed for the same reason.
 */
final class GitHubApi {

    /** An answer the caller reads: 2xx, or a status it asked to handle itself. */
    record Answer(int status, HttpHeaders headers, JsonNode body) {

        /** GitHub's clock at the answer, from its {@code Date} header. */
        Optional<Instant> date() {
            return headers.firstValue("Date").flatMap(RateLimits::httpDate);
        }

        LinkHeader links() {
            return LinkHeader.parse(headers.firstValue("Link").orElse(null));
        }
    }

    private final GitHubHttp github;
    private final RateLimits rateLimits;

    GitHubApi(GitHubPollingProperties properties, RateLimits rateLimits, JsonMapper json) {
        this.github = new GitHubHttp(properties.apiBaseUrl(), properties.timeout(), json);
        this.rateLimits = rateLimits;
    }

    /** {@code <api root><pathAndQuery>}, e.g. {@code /user/repos?per_page=100}. */
    URI uri(String pathAndQuery) {
        return URI.create(github.url(pathAndQuery));
    }

    /** Whether {@code url} (e.g. a comment's {@code issue_url}) is under the API root, so the token may go there. */
    boolean ours(String url) {
        return github.ours(url);
    }

    /**
     * GETs {@code uri} for {@code connection}.
     *
     * @param handled statuses the caller reads itself (e.g. 409 of an empty repository's commits)
     */
    Answer get(UUID connection, String token, URI uri, Set<Integer> handled) throws PollException {
        HttpRequest request = github.request(uri, token).GET().build();
        rateLimits.check(connection);
        HttpResponse<byte[]> response;
        try {
            response = github.client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw PollException.transientFailure("timeout", "GitHub did not answer " + path(uri) + " within "
                    + github.timeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            // the exception's own text may name the host; the path says which request it was
            throw PollException.transientFailure("unreachable", "GitHub could not be reached for " + path(uri), e);
        } catch (IOException e) {
            throw PollException.transientFailure("unreachable", "GitHub's answer to " + path(uri) + " broke off ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PollException.transientFailure("interrupted", "interrupted while reading " + path(uri), e);
        }
        int status = response.statusCode();
        rateLimits.observe(connection, response.headers());
        if (status / 100 == 2 || handled.contains(status)) {
            return new Answer(status, response.headers(), body(uri, response));
        }
        String message = github.message(response.body());
        if (status == 401) {
            throw PollException.unauthorized("GitHub refused the connection's token: " + message);
        }
        Optional<PollException> limited = rateLimits.limited(status, response.headers(), message);
        if (limited.isPresent()) {
            throw limited.get();
        }
        if (status == 403) {
            throw PollException.permanent("forbidden", "GitHub answered 403 to " + path(uri) + ": " + message);
        }
        if (status == 404) {
            boolean repository = uri.getPath().startsWith(github.rootPath() + "/repos/");
            throw PollException.permanent(repository ? "repository_not_found" : "not_found",
                    "GitHub answered 404 to " + path(uri) + ": " + message);
        }
        if (status >= 500) {
            throw PollException.transientFailure("http_" + status, "GitHub answered " + status + " to " + path(uri)
                    + ": " + message, null);
        }
        throw PollException.permanent("http_" + status, "GitHub answered " + status + " to " + path(uri) + ": "
                + message);
    }

    private JsonNode body(URI uri, HttpResponse<byte[]> response) throws PollException {
        try {
            return github.json(response.body());
        } catch (JacksonException e) {
            throw PollException.transientFailure("invalid_response", "GitHub's answer to " + path(uri)
                    + " is not JSON", e);
        }
    }

    /** The path and query without the API root, for messages that must not carry hosts or tokens. */
    private String path(URI uri) {
        return github.path(uri);
    }
}
