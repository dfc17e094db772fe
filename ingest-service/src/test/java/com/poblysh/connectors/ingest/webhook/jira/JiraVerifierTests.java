package com.poblysh.connectors.ingest.webhook.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.ingest.connections.ConnectionSecret;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.testkit.JiraWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class JiraVerifierTests {

    private static final long NOW = 1_714_467_600L;
    private static final String PATH = "/webhooks/jira/3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f";
    private static final byte[] BODY = JiraWebhooks.fixture("issue_created").bodyBytes();
    private static final WebhookSecrets NONE = WebhookSecrets.configuredOnly();

    private final JiraVerifier verifier = new JiraVerifier(JiraWebhooks.WEBHOOK_SECRET, JiraWebhooks.CLIENT_SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void acceptsAnAdminWebhookSignedWithItsSecret() {
        assertThat(verify(hub(JiraWebhooks.signature(JiraWebhooks.WEBHOOK_SECRET, BODY))).isRejected()).isFalse();
    }

    @Test
    void refusesAnAdminWebhookSignedWithTheClientSecret() {
        assertThat(verify(hub(JiraWebhooks.signature(JiraWebhooks.CLIENT_SECRET, BODY))).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha1=abc", "sha256=", "sha256=zz", "SHA256=0000000000000000000000000000000000000000"
            + "000000000000000000000000"})
    void refusesMalformedHubSignatures(String value) {
        assertThat(verify(hub(value)).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT ", "Bearer ", "jwt "})
    void acceptsAnAppJwtWithAMatchingQueryStringHash(String scheme) {
        String qsh = JiraJwt.queryStringHash("POST", PATH, null);
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(NOW, qsh));
        assertThat(verify(auth(scheme + token)).isRejected()).isFalse();
    }

    @Test
    void acceptsAContextQsh() {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(NOW, "context-qsh"));
        assertThat(verify(auth("JWT " + token)).isRejected()).isFalse();
    }

    @Test
    void refusesAJwtWhoseQshIsForAnotherRequest() {
        String qsh = JiraJwt.queryStringHash("POST", "/webhooks/jira/another-tenant", null);
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(NOW, qsh));
        assertThat(verify(auth("JWT " + token)).isRejected()).isTrue();
    }

    @Test
    void refusesAnExpiredJwt() {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(NOW - 600, null));
        assertThat(verify(auth("JWT " + token)).isRejected()).isTrue();
    }

    @Test
    void refusesAJwtWithoutExpiry() {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, "{\"iss\":\"app\",\"iat\":" + NOW + "}");
        assertThat(verify(auth("JWT " + token)).isRejected()).isTrue();
    }

    @Test
    void refusesAJwtSignedWithAnotherSecret() {
        String token = JiraWebhooks.jwt("guessed", JiraWebhooks.claims(NOW, null));
        assertThat(verify(auth("JWT " + token)).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"none\"}", "{\"alg\":\"HS512\"}", "{\"typ\":\"JWT\"}"})
    void refusesAnAlgorithmOtherThanHs256EvenWhenTheMacMatches(String header) {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, header, JiraWebhooks.claims(NOW, null));
        assertThat(verify(auth("JWT " + token)).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT ", "JWT a.b", "JWT a.b.c.d", "JWT !!.??.**", "Basic dXNlcjpwYXNz", "JWT a.b.c"})
    void refusesMalformedAuthorization(String header) {
        assertThat(verify(auth(header)).isRejected()).isTrue();
    }

    @Test
    void refusesARequestWithoutCredentials() {
        assertThat(verify(new HttpHeaders()).isRejected()).isTrue();
    }

    @Test
    void acceptsAJwtSignedWithAConnectionsSharedSecret() {
        UUID connection = UUID.randomUUID();
        String token = JiraWebhooks.jwt("installation-shared-secret", JiraWebhooks.claims(NOW, null));
        Verification verification = verifier.verify(RawWebhook.post(PATH, auth("JWT " + token), BODY),
                WebhookSecrets.of(List.of(new ConnectionSecret(connection, "installation-shared-secret"))));
        assertThat(verification.connectionId()).isEqualTo(connection);
    }

    @Test
    void refusesEverythingWithoutConfiguredOrConnectionSecrets() {
        JiraVerifier closed = new JiraVerifier(null, "", Clock.systemUTC());
        String token = JiraWebhooks.jwt("guess", JiraWebhooks.claims(Instant.now().getEpochSecond(), null));
        assertThat(closed.verify(RawWebhook.post(PATH, auth("JWT " + token), BODY), NONE).isRejected()).isTrue();
        assertThat(closed.verify(RawWebhook.post(PATH, hub(JiraWebhooks.signature("guess", BODY)), BODY), NONE)
                .isRejected()).isTrue();
    }

    @Test
    void computesTheCanonicalQueryStringHashLikeAtlassian() {
        // Parameters sorted, repeated values sorted and comma-joined, jwt excluded, RFC 3986 encoding.
        assertThat(JiraJwt.queryStringHash("post", "/hook/", "b=2&a=x%20y&a=w&jwt=abc"))
                .isEqualTo(JiraJwt.queryStringHash("POST", "/hook", "a=w&a=x+y&b=2"));
        assertThat(JiraJwt.queryStringHash("POST", "/hook", null)).isEqualTo(sha256Hex("POST&/hook&"));
        assertThat(JiraJwt.queryStringHash("POST", "/hook", "a=x%20y&b=2"))
                .isEqualTo(sha256Hex("POST&/hook&a=x%20y&b=2"));
    }

    private Verification verify(HttpHeaders headers) {
        return verifier.verify(RawWebhook.post(PATH, headers, BODY), NONE);
    }

    private static HttpHeaders hub(String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(JiraVerifier.SIGNATURE_HEADER, value);
        return headers;
    }

    private static HttpHeaders auth(String value) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.AUTHORIZATION, value);
        return headers;
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
