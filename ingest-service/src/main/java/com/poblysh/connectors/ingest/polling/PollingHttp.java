package com.poblysh.connectors.ingest.polling;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side every poll executor shares: one call with the connection's bearer token, its answer read as JSON,
 * and the answers that are failures turned into the {@link PollException} the sync engine acts on: 401
 * unauthorized (refresh once), 429 and 503 with {@code Retry-After} rate limited (wait that long, no attempt
 * counted), other 5xx, 408 and network errors transient (backoff), 403 and 404 and other 4xx permanent. Calls are
 * counted as {@code poblysh.ingest.polling.requests{provider, outcome}}.
 */
public final class PollingHttp {

    /** Requests answered per provider and outcome ({@code 2xx}, {@code 401}, {@code 429}, {@code 5xx}, ...). */
    public static final String REQUESTS = "poblysh.ingest.polling.requests";
    /** How long a 429 without {@code Retry-After} waits. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** The longest a poll request may be given: a worker holds its job's lease while it waits. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    /** A page larger than this is not a provider's page; reading on would only exhaust the heap. */
    static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Provider provider;
    private final Duration timeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final HttpClient http;

    public PollingHttp(Provider provider, Duration timeout, Clock clock, MeterRegistry meters) {
        this.provider = provider;
        this.timeout = timeout;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What the provider answered: any status, the body (empty when none), the headers. */
    public record Answer(int status, byte[] body, HttpHeaders headers) {

        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body as JSON; a body that is not JSON is a transient failure (a proxy's error page). */
        public JsonNode json() throws PollException {
            try {
                JsonNode node = JSON.readTree(body);
                if (node == null || node.isMissingNode()) {
                    throw PollException.transientFailure("invalid_response", "empty answer with status " + status,
                            null);
                }
                return node;
            } catch (JacksonException e) {
                throw PollException.transientFailure("invalid_response", "answer with status " + status
                        + " is not JSON", e);
            }
        }

        /** The body as JSON, or a missing node when it is not JSON (for reading error codes). */
        public JsonNode jsonOrMissing() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? JSON.missingNode() : node;
            } catch (JacksonException e) {
                return JSON.missingNode();
            }
        }

        /** The provider's own clock ({@code Date}), when it sent one. */
        public Optional<Instant> date() {
            return headers.firstValue("Date").flatMap(PollingHttp::httpDate);
        }
    }

    /** {@code GET uri} with {@code token}. */
    public Answer get(URI uri, String token, Map<String, String> headers) throws PollException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        return send(request, token, headers);
    }

    /** {@code POST uri} with {@code token} and a JSON body. */
    public Answer post(URI uri, String token, JsonNode body) throws PollException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        return send(request, token, Map.of());
    }

    /** {@code method uri} with {@code token} and a JSON body (null: none), e.g. {@code PUT} or {@code DELETE}. */
    public Answer send(String method, URI uri, String token, JsonNode body) throws PollException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, token, Map.of());
    }

    private Answer send(HttpRequest.Builder request, String token, Map<String, String> headers) throws PollException {
        request.timeout(timeout).header("Authorization", "Bearer " + token).header("Accept", "application/json");
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            count("timeout");
            throw PollException.transientFailure("timeout", provider.id() + " did not answer within " + timeout, e);
        } catch (IOException e) {
            count("unreachable");
            // the exception's own text may name the host; its type says enough
            throw PollException.transientFailure("unreachable", provider.id() + " could not be reached ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PollException.transientFailure("interrupted", "interrupted while calling " + provider.id(), e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            count("unreachable");
            throw PollException.transientFailure("unreachable", provider.id() + " broke off its answer ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (body.length > MAX_BODY_BYTES) {
            count("too_large");
            throw PollException.permanent("response_too_large", provider.id() + " answered more than "
                    + MAX_BODY_BYTES + " bytes");
        }
        int status = response.statusCode();
        count(status == 401 || status == 429 ? String.valueOf(status) : (status / 100) + "xx");
        return new Answer(status, body, response.headers());
    }

    /**
     * The failure a non-2xx answer means. {@code what} names the call for the job's error message, e.g.
     * {@code search of site acme}.
     */
    public PollException failure(Answer answer, String what) {
        int status = answer.status();
        String message = what + " answered " + status + detail(answer);
        Optional<Instant> retryAt = retryAfter(answer);
        if (status == 401) {
            return PollException.unauthorized(message);
        }
        if (status == 429) {
            return PollException.rateLimited(retryAt.orElse(clock.instant().plus(DEFAULT_RETRY_AFTER)), message);
        }
        if ((status == 503 || status == 504) && retryAt.isPresent()) {
            return PollException.rateLimited(retryAt.get(), message);
        }
        if (status >= 500 || status == 408) {
            return PollException.transientFailure("http_" + status, message, null);
        }
        return switch (status) {
            case 404 -> PollException.permanent("not_found", message);
            case 403 -> PollException.permanent("forbidden", message);
            default -> PollException.permanent("http_" + status, message);
        };
    }

    /** {@code Retry-After} as seconds or an HTTP date, resolved against now. */
    public Optional<Instant> retryAfter(Answer answer) {
        Optional<String> header = answer.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            return Optional.of(clock.instant().plusSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            return httpDate(value);
        }
    }

    /**
     * The connection's usable access token, read through {@code common.tokens} (which renews an expired one); none
     * is an unauthorized answer, which the engine meets with one renewal ({@code CredentialRefresher}).
     */
    public static String accessToken(AccessTokens tokens, PollContext context) throws PollException {
        return tokens.accessToken(context.tenant(), context.connectionId(), context.provider())
                .orElseThrow(() -> PollException.unauthorized("the connection has no usable " + context.provider().id()
                        + " access token"));
    }

    /**
     * Refuses, at start-up, an API root that is no http(s) URL or that has a query or fragment: requests are built by
     * appending paths to it.
     */
    public static void checkBaseUrl(String setting, URI url) {
        if (url != null && (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null
                || url.getRawQuery() != null || url.getRawFragment() != null)) {
            throw new IllegalArgumentException(setting + " must be an http(s) URL without query or fragment, got "
                    + url);
        }
    }

    /**
     * Refuses, at start-up, the polling endpoint under {@code prefix} (e.g. {@code poblysh.ingest.jira.polling})
     * whose {@code api-base-url} or {@code timeout} is unusable ({@link #checkBaseUrl}, {@link #checkTimeout}).
     */
    public static void checkEndpoint(String prefix, URI apiBaseUrl, Duration timeout) {
        checkBaseUrl(prefix + ".api-base-url", apiBaseUrl);
        checkTimeout(prefix + ".timeout", timeout);
    }

    /** Refuses, at start-up, a request timeout that is not positive or longer than {@link #MAX_TIMEOUT}. */
    public static void checkTimeout(String setting, Duration timeout) {
        if (timeout != null && (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            throw new IllegalArgumentException(setting + " must be between 0 and " + MAX_TIMEOUT.toSeconds()
                    + "s, got " + timeout);
        }
    }

    /** {@code url} as text without trailing slashes, the root paths are appended to. */
    public static String withoutTrailingSlash(URI url) {
        return url.toString().replaceAll("/+$", "");
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A short piece of the provider's own explanation: error bodies say what is missing (a scope, a site). */
    private static String detail(Answer answer) {
        if (answer.body().length == 0) {
            return "";
        }
        String text = new String(answer.body(), 0, Math.min(answer.body().length, 300), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ");
        return ": " + text;
    }

    private void count(String outcome) {
        meters.counter(REQUESTS, "provider", provider.id(), "outcome", outcome).increment();
    }
}
