package com.poblysh.connectors.ingest.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.jobs.PollException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What each provider answer means to the sync engine, against a local HTTP server answering as providers do. */
class PollingHttpTests {

    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");

    MockWebServer server;
    SimpleMeterRegistry meters;
    PollingHttp http;

    @BeforeEach
    void aServer() throws Exception {
        server = new MockWebServer();
        server.start();
        meters = new SimpleMeterRegistry();
        http = new PollingHttp(Provider.JIRA, Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC), meters);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheBearerTokenAndReadsTheAnswerAndTheProvidersClock() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Date", "Tue, 06 May 2031 07:00:00 GMT")
                .body("{\"issues\":[]}").build());

        PollingHttp.Answer answer = http.get(uri(), "t0ken", Map.of("Prefer", "odata.maxpagesize=5"));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.getHeaders().get("Prefer")).isEqualTo("odata.maxpagesize=5");
        assertThat(answer.ok()).isTrue();
        assertThat(answer.json().has("issues")).isTrue();
        assertThat(answer.date()).contains(Instant.parse("2031-05-06T07:00:00Z"));
        assertThat(meters.get(PollingHttp.REQUESTS).tag("provider", "jira").tag("outcome", "2xx").counter().count())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource({
            "401, '', UNAUTHORIZED, unauthorized",
            "429, 30, RATE_LIMITED, rate_limited",
            "503, 45, RATE_LIMITED, rate_limited",
            "503, '', TRANSIENT, http_503",
            "500, '', TRANSIENT, http_500",
            "408, '', TRANSIENT, http_408",
            "403, '', PERMANENT, forbidden",
            "404, '', PERMANENT, not_found",
            "400, '', PERMANENT, http_400"})
    void mapsEachFailureOntoWhatTheEngineDoes(int status, String retryAfter, PollException.Kind kind, String code)
            throws Exception {
        MockResponse.Builder response = new MockResponse.Builder().code(status).body("{\"message\":\"no\"}");
        if (!retryAfter.isEmpty()) {
            response.addHeader("Retry-After", retryAfter);
        }
        server.enqueue(response.build());

        PollException failure = http.failure(http.get(uri(), "t", Map.of()), "search of acme");

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.getMessage()).startsWith("search of acme answered " + status).contains("no");
        if (!retryAfter.isEmpty()) {
            assertThat(failure.retryAt()).isEqualTo(NOW.plusSeconds(Long.parseLong(retryAfter)));
        }
    }

    @Test
    void aRateLimitWithoutRetryAfterWaitsAMinuteAndAnHttpDateIsReadAsADate() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).build());
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "Tue, 06 May 2031 07:20:00 GMT")
                .build());

        assertThat(http.failure(http.get(uri(), "t", Map.of()), "a").retryAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(http.failure(http.get(uri(), "t", Map.of()), "b").retryAt())
                .isEqualTo(Instant.parse("2031-05-06T07:20:00Z"));
        assertThat(meters.get(PollingHttp.REQUESTS).tag("outcome", "429").counter().count()).isEqualTo(2);
    }

    @Test
    void anUnreachableProviderAndAnAnswerThatIsNotJsonAreTransient() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("<html>proxy error</html>").build());
        PollingHttp.Answer junk = http.get(uri(), "t", Map.of());
        assertThatThrownBy(junk::json).isInstanceOf(PollException.class)
                .satisfies(e -> assertThat(((PollException) e).code()).isEqualTo("invalid_response"));

        URI closed = uri();
        server.close();
        assertThatThrownBy(() -> http.get(closed, "t", Map.of())).isInstanceOf(PollException.class)
                .satisfies(e -> assertThat(((PollException) e).kind()).isEqualTo(PollException.Kind.TRANSIENT));
    }

    private URI uri() {
        return server.url("/rest/api/3/search/jql").uri();
    }
}
