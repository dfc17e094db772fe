package com.poblysh.connectors.query.oauth.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.query.oauth.ExternalAccount;
import com.poblysh.connectors.common.oauth.OAuthHttp;
import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.query.oauth.OAuthTesting;
import com.poblysh.connectors.common.oauth.ProviderCallException;
import com.poblysh.connectors.query.oauth.ProviderOAuth;
import com.poblysh.connectors.query.oauth.RevokeOutcome;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack's OAuth dialect against a fake Slack: basic-auth exchange, HTTP 200 errors, workspace identity, revoke. */
class SlackOAuthTests {

    private final Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final SlackOAuth slack = new SlackOAuth(clock);
    private MockWebServer server;
    private OAuthHttp http;
    private OAuthClientProperties.Client client;

    @BeforeEach
    void startFakeSlack() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
        String base = "http://127.0.0.1:" + server.getPort();
        client = new OAuthClientProperties.Client("slack-id", "slack-secret",
                URI.create("https://slack.com/oauth/v2/authorize"),
                URI.create(base + "/api/oauth.v2.access"), null, base + "/api/auth.revoke");
        http = OAuthTesting.http(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void exchangesWithBasicAuthAndNamesTheWorkspace() throws Exception {
        server.enqueue(json("{\"ok\":true,\"access_token\":\"xoxb-1\",\"token_type\":\"bot\",\"scope\":"
                + "\"channels:history,reactions:read\",\"bot_user_id\":\"U0BOT\",\"app_id\":\"A01\","
                + "\"team\":{\"id\":\"T123\",\"name\":\"Acme\"},\"expires_in\":43200,\"refresh_token\":\"xoxe-1\"}"));

        ProviderOAuth.Grant grant = slack.exchange(http, client, "code-1", "https://svc/connect/slack/callback", null);
        ExternalAccount account = slack.identify(http, client, grant);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("slack-id:slack-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getBody().utf8()).contains("code=code-1").doesNotContain("slack-secret", "code_verifier");
        assertThat(grant.tokens().accessToken()).isEqualTo("xoxb-1");
        assertThat(grant.tokens().refreshToken()).isEqualTo("xoxe-1");
        assertThat(grant.tokens().expiresAt()).isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
        assertThat(grant.tokens().scopes()).containsExactly("channels:history", "reactions:read");
        assertThat(grant.tokens().toString()).doesNotContain("xoxb-1", "xoxe-1");
        assertThat(account.externalId()).isEqualTo("T123");
        assertThat(account.displayName()).isEqualTo("Acme");
        assertThat(account.metadata()).containsEntry("bot_user_id", "U0BOT").containsEntry("team_id", "T123");
        assertThat(account.bindings()).containsExactly(ExternalIdentity.of(IdentityKind.SLACK_TEAM, "T123"),
                ExternalIdentity.of(IdentityKind.SLACK_APP, "A01"));
    }

    @Test
    void treatsAnInvalidCodeAsTheCallersProblem() {
        server.enqueue(json("{\"ok\":false,\"error\":\"invalid_code\"}"));

        assertThatThrownBy(() -> slack.exchange(http, client, "old", "https://svc/cb", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
                    assertThat(e.details()).containsEntry("provider_error", "invalid_code")
                            .containsEntry("error_type", "code_rejected");
                });
    }

    @Test
    void treatsOtherErrorsAsTheProvidersProblem() {
        server.enqueue(json("{\"ok\":false,\"error\":\"bad_client_secret\"}"));

        assertThatThrownBy(() -> slack.exchange(http, client, "c", "https://svc/cb", null))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.code()).isEqualTo(ProblemCode.PROVIDER_ERROR);
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.upstreamError()).isEqualTo("bad_client_secret");
                });
    }

    @Test
    void neverEchoesArbitraryProviderText() {
        server.enqueue(json("{\"ok\":false,\"error\":\"<script>alert(1)</script> token=xoxb-secret\"}"));

        assertThatThrownBy(() -> slack.exchange(http, client, "c", "https://svc/cb", null))
                .isInstanceOfSatisfying(ProviderCallException.class,
                        e -> assertThat(e.upstreamError()).isEqualTo("invalid_response"));
    }

    @Test
    void revokesWithTheTokenAndToleratesATokenSlackAlreadyDropped() throws Exception {
        server.enqueue(json("{\"ok\":true,\"revoked\":true}"));
        server.enqueue(json("{\"ok\":false,\"error\":\"token_revoked\"}"));
        server.enqueue(json("{\"ok\":false,\"error\":\"ratelimited\"}"));

        assertThat(slack.revoke(http, client, "xoxb-1").result()).isEqualTo("revoked");
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer xoxb-1");
        assertThat(slack.revoke(http, client, "xoxb-2").result()).isEqualTo("revoked");
        assertThat(slack.revoke(http, client, "xoxb-3")).isEqualTo(RevokeOutcome.failed(200, "ratelimited"));
    }

    @Test
    void reportsAnUnreachableSlackAsAFailedRevocation() {
        server.close();

        assertThat(slack.revoke(http, client, "xoxb-1")).isEqualTo(RevokeOutcome.failed(null, "unreachable"));
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }
}
