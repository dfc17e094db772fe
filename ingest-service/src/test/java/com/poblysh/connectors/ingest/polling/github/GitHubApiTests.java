package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.ingest.jobs.PollException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The token goes to the configured API root only, and answers turn into the engine's outcomes. */
class GitHubApiTests {

    private final MockWebServer github = new MockWebServer();
    private GitHubApi api;

    @BeforeEach
    void start() throws Exception {
        github.start(InetAddress.getLoopbackAddress(), 0);
        api = new GitHubApi(new GitHubPollingProperties("http://127.0.0.1:" + github.getPort() + "/api/v3", 100,
                Duration.ofSeconds(2)), new RateLimits(Clock.systemUTC()), JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void neverSendsTheTokenOutsideTheApiRoot() {
        assertThat(api.ours("http://127.0.0.1:" + github.getPort() + "/api/v3/repos/o/r/issues/1")).isTrue();
        assertThat(api.ours("http://127.0.0.1:" + github.getPort() + "/api/v3evil/x")).isFalse();
        assertThat(api.ours("https://elsewhere.example/api/v3/repos/o/r")).isFalse();

        assertThatThrownBy(() -> api.get(UUID.randomUUID(), "t", URI.create("https://elsewhere.example/x"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(github.getRequestCount()).isZero();
    }

    @Test
    void doesNotFollowARedirect() {
        github.enqueue(new MockResponse.Builder().code(301)
                .setHeader("Location", "http://127.0.0.1:1/elsewhere").build());

        assertThatThrownBy(() -> api.get(UUID.randomUUID(), "t", api.uri("/repos/o/r/issues"), Set.of()))
                .isInstanceOfSatisfying(PollException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PollException.Kind.PERMANENT);
                    assertThat(e.code()).isEqualTo("http_301");
                    assertThat(e.getMessage()).startsWith("GitHub answered 301 to /repos/o/r/issues");
                });
        assertThat(github.getRequestCount()).isEqualTo(1);
    }

    @Test
    void sendsTheTokenAndGitHubsHeadersAndClassifiesServerErrors() throws Exception {
        github.enqueue(new MockResponse.Builder().code(502).body("<html>Bad gateway</html>").build());

        assertThatThrownBy(() -> api.get(UUID.randomUUID(), "gho_token", api.uri("/user/repos"), Set.of()))
                .isInstanceOfSatisfying(PollException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PollException.Kind.TRANSIENT);
                    assertThat(e.code()).isEqualTo("http_502");
                });
        var request = github.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer gho_token");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/user/repos");
    }
}
