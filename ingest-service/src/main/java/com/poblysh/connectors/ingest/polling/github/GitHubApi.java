package com.poblysh.connectors.ingest.polling.github;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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

    private static final String API_VERSION = "2022-11-28";

    private final GitHubPollingProperties properties;
    private final RateLimits rateLimits;
    private final JsonMapper json;
    private final HttpClient http;

    GitHubApi(GitHubPollingProperties properties, RateLimits rateLimits, JsonMapper json) {
        this.properties = properties;
        this.rateLimits = rateLimits;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code <api root><pathAndQuery>}, e.g. {@code /user/repos?per_page=100}. */
    URI uri(String pathAndQuery) {
        return URI.create(properties.apiBaseUrl() + pathAndQuery);
    }

    /** Whether {@code url} (e.g. a comment's {@code issue_url}) is under the API root, so the token may go there. */
    boolean ours(String url) {
        return url != null && url.startsWith(properties.apiBaseUrl() + "/");
    }

    /**
     * GETs {@code uri} for {@code connection}.
     *
     * @param handled statuses the caller reads itself (e.g. 409 of an empty repository's commits)
     */
    Answer get(UUID connection, String token, URI uri, Set<Integer> handled) throws PollException {
        if (!ours(uri.toString())) {
            throw new IllegalArgumentException("not under the GitHub API root: " + uri);
        }
        rateLimits.check(connection);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "poblysh-connectors")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw PollException.transientFailure("timeout", "GitHub did not answer " + path(uri) + " within "
                    + properties.timeout().toSeconds() + " s", e);
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
        String message = message(response);
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
            boolean repository = uri.getPath().startsWith(rootPath() + "/repos/");
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
        if (response.body().length == 0) {
            return json.nullNode();
        }
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw PollException.transientFailure("invalid_response", "GitHub's answer to " + path(uri)
                    + " is not JSON", e);
        }
    }

    /** GitHub's error {@code message}, else the start of the body. */
    private String message(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode body = json.readTree(text);
            if (body.path("message").isString()) {
                return body.path("message").stringValue();
            }
        } catch (JacksonException e) {
            // an HTML error page: its start says enough
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private String rootPath() {
        return URI.create(properties.apiBaseUrl()).getPath();
    }

    /** The path and query without the API root, for messages that must not carry hosts or tokens. */
    private String path(URI uri) {
        String full = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String root = rootPath();
        return full.startsWith(root) ? full.substring(root.length()) : full;
    }
}
