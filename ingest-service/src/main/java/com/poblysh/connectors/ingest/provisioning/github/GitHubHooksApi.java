package com.poblysh.connectors.ingest.provisioning.github;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.polling.github.GitHubHttp;
import com.poblysh.connectors.ingest.polling.github.LinkHeader;
import com.poblysh.connectors.ingest.polling.github.RateLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST calls provisioning makes with a connection's token, each answer JSON or a {@link PollException}: 401
 * unauthorized (the engine refreshes once), 429 and rate-limited 403s rate limited (until {@code Retry-After} or the
 * budget's reset, as the poller reads them: {@link RateLimits}), 5xx,
 * timeouts and unreachable hosts transient; other statuses are returned to the caller when it asked for them (404 of
 * a repository, 422 of an existing hook, 403 without admin rights), else permanent. Only URLs under the configured API
 * root are requested, and redirects are not followed, so the token never goes elsewhere.
 */
final class GitHubHooksApi {

    /** An answer: its status, body (JSON null when empty) and the {@code next} page's URL of its {@code Link}. */
    record Answer(int status, JsonNode body, String next) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final GitHubHttp github;
    private final JsonMapper json;
    private final RateLimits rateLimits;

    GitHubHooksApi(GitHubProvisioningProperties properties, JsonMapper json, Clock clock) {
        this.github = new GitHubHttp(properties.apiBaseUrl(), properties.timeout(), json);
        this.json = json;
        this.rateLimits = new RateLimits(clock);
    }

    /** {@code <api root><pathAndQuery>}. */
    String url(String pathAndQuery) {
        return github.url(pathAndQuery);
    }

    /**
     * Sends {@code method} to {@code url} with {@code body} (null: none).
     *
     * @param handled statuses besides 2xx the caller reads itself
     */
    Answer send(String token, String method, String url, JsonNode body, Set<Integer> handled) throws PollException {
        HttpRequest.Builder request = github.request(URI.create(url), token);
        String path = github.path(URI.create(url));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = github.client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw PollException.transientFailure("timeout", "GitHub did not answer " + method + " " + path, e);
        } catch (IOException e) {
            throw PollException.transientFailure("unreachable", "GitHub could not be reached for " + method + " "
                    + path + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PollException.transientFailure("interrupted", "interrupted during " + method + " " + path, e);
        }
        int status = response.statusCode();
        String next = LinkHeader.parse(response.headers().firstValue("Link").orElse(null)).url("next").orElse(null);
        String message = status / 100 == 2 ? null : github.message(response.body());
        Optional<PollException> limited = message == null ? Optional.empty()
                : rateLimits.limited(status, response.headers(), message);
        if (status / 100 == 2 || (handled.contains(status) && limited.isEmpty())) {
            return new Answer(status, body(response), next);
        }
        if (status == 401) {
            throw PollException.unauthorized("GitHub refused the connection's token: " + message);
        }
        if (limited.isPresent()) {
            throw limited.get();
        }
        if (status >= 500) {
            throw PollException.transientFailure("http_" + status, "GitHub answered " + status + " to " + method + " "
                    + path + ": " + message, null);
        }
        throw PollException.permanent("http_" + status, "GitHub answered " + status + " to " + method + " " + path
                + ": " + message);
    }

    /** GitHub's error {@code message} of an answer, else the start of its body. */
    String message(Answer answer) {
        JsonNode message = answer.body().path("message");
        return message.isString() ? message.stringValue() : "HTTP " + answer.status();
    }

    private JsonNode body(HttpResponse<byte[]> response) throws PollException {
        try {
            return github.json(response.body());
        } catch (JacksonException e) {
            throw PollException.transientFailure("invalid_response", "GitHub's answer is not JSON", e);
        }
    }
}
