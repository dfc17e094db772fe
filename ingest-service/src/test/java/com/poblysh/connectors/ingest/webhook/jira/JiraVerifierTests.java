package com.poblysh.connectors.ingest.webhook.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.testkit.JiraWebhooks;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

/**
 * Jira's three webhook kinds, each with the rules Atlassian documents for it: admin webhooks sign the body with
 * their secret; Connect app webhooks carry the installation's server-to-server JWT (computed {@code qsh},
 * {@code iss} = clientKey, {@code iat}, {@code exp}); OAuth 2.0 app webhooks carry a JWT signed with the client
 * secret. A browser's context token ({@code context-qsh}) is no webhook token for either app kind.
 */
class JiraVerifierTests {

    private static final long NOW = 1_714_467_600L;
    private static final String PATH = "/webhooks/jira/3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f";
    private static final String OTHER_PATH = "/webhooks/jira/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final byte[] BODY = JiraWebhooks.fixture("issue_created").bodyBytes();
    private static final UUID INSTALLATION = UUID.randomUUID();
    private static final WebhookSecrets SECRETS = WebhookSecrets.of(List.of(
            new WebhookConnection(INSTALLATION, JiraWebhooks.CONNECT_SHARED_SECRET, Set.of())));

    private final JiraVerifier verifier = new JiraVerifier(JiraWebhooks.WEBHOOK_SECRET, JiraWebhooks.CLIENT_SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    /** The token of each app kind that Atlassian would send, and the secret that signs it. */
    enum AppKind {
        CONNECT("JWT ", JiraWebhooks.CONNECT_SHARED_SECRET, JiraWebhooks.CONNECT_CLIENT_KEY),
        OAUTH("Bearer ", JiraWebhooks.CLIENT_SECRET, JiraWebhooks.ISSUER);

        final String scheme;
        final String secret;
        final String issuer;

        AppKind(String scheme, String secret, String issuer) {
            this.scheme = scheme;
            this.secret = secret;
            this.issuer = issuer;
        }

        String header(String claims) {
            return scheme + JiraWebhooks.jwt(secret, claims);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT ", "jwt "})
    void acceptsAConnectWebhookTokenAndRequiresItsIssuerOfTheConnection(String scheme) {
        String token = JiraWebhooks.jwt(JiraWebhooks.CONNECT_SHARED_SECRET,
                JiraWebhooks.claims(JiraWebhooks.CONNECT_CLIENT_KEY, NOW, JiraJwt.queryStringHash("POST", PATH, null)));

        Verification verification = verify(auth(scheme + token));

        assertThat(verification.isRejected()).isFalse();
        assertThat(verification.credentials()).extracting(WebhookSecret::connectionId).containsExactly(INSTALLATION);
        assertThat(verification.requiredIdentities()).containsExactly(
                ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, JiraWebhooks.CONNECT_CLIENT_KEY));
    }

    @Test
    void acceptsAnOauthAppTokenWithoutQshAsTheAppsCredentialRequiringItsIssuer() {
        Verification verification = verify(auth(AppKind.OAUTH.header(JiraWebhooks.claims(NOW, null))));

        assertThat(verification.isRejected()).isFalse();
        assertThat(verification.credentials()).extracting(WebhookSecret::source)
                .containsExactly(WebhookSecret.Source.APP);
        assertThat(verification.requiredIdentities()).containsExactly(
                ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, JiraWebhooks.ISSUER));
    }

    @Test
    void acceptsAnOauthAppTokenWhoseQshIsThisRequests() {
        assertThat(verify(auth(AppKind.OAUTH.header(JiraWebhooks.claims(NOW, JiraJwt.queryStringHash("POST", PATH,
                null))))).isRejected()).isFalse();
    }

    static Stream<Arguments> refusedTokens() {
        String qsh = JiraJwt.queryStringHash("POST", PATH, null);
        String otherQsh = JiraJwt.queryStringHash("POST", OTHER_PATH, null);
        Stream.Builder<Arguments> rows = Stream.builder();
        for (AppKind kind : AppKind.values()) {
            rows.add(row(kind, "context-qsh (the token Atlassian hands to browsers)",
                    JiraWebhooks.claims(kind.issuer, NOW, "context-qsh")));
            rows.add(row(kind, "qsh of another tenant's URL", JiraWebhooks.claims(kind.issuer, NOW, otherQsh)));
            rows.add(row(kind, "expired", JiraWebhooks.claims(kind.issuer, NOW - 600, qsh)));
            rows.add(row(kind, "no exp", "{\"iss\":\"" + kind.issuer + "\",\"iat\":" + NOW + ",\"qsh\":\"" + qsh
                    + "\"}"));
            rows.add(row(kind, "no iss", JiraWebhooks.claims(null, NOW, qsh)));
            rows.add(row(kind, "issued in the future", "{\"iss\":\"" + kind.issuer + "\",\"iat\":" + (NOW + 600)
                    + ",\"exp\":" + (NOW + 900) + ",\"qsh\":\"" + qsh + "\"}"));
        }
        rows.add(row(AppKind.CONNECT, "no qsh at all", JiraWebhooks.claims(JiraWebhooks.CONNECT_CLIENT_KEY, NOW,
                null)));
        rows.add(row(AppKind.CONNECT, "no iat", "{\"iss\":\"" + JiraWebhooks.CONNECT_CLIENT_KEY + "\",\"exp\":"
                + (NOW + 180) + ",\"qsh\":\"" + qsh + "\"}"));
        return rows.build();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedTokens")
    void refusesWhatAtlassianSaysIsNotAWebhookTokenOfThatKind(AppKind kind, String what, String claims) {
        assertThat(verify(auth(kind.header(claims))).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT ", "Bearer "})
    void refusesATokenSignedWithAGuessedSecret(String scheme) {
        String token = JiraWebhooks.jwt("guessed", JiraWebhooks.claims(NOW, JiraJwt.queryStringHash("POST", PATH,
                null)));
        assertThat(verify(auth(scheme + token)).isRejected()).isTrue();
    }

    @Test
    void countsTheConfiguredClientSecretOnlyAsAConnectFallback() {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(NOW,
                JiraJwt.queryStringHash("POST", PATH, null)));
        // the unit-test secrets count fallbacks: the configured client secret is a Connect fallback, never the app's
        Verification verification = verify(auth("JWT " + token));
        assertThat(verification.credentials()).extracting(WebhookSecret::source)
                .containsExactly(WebhookSecret.Source.FALLBACK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alg\":\"none\"}", "{\"alg\":\"HS512\"}", "{\"typ\":\"JWT\"}"})
    void refusesAnAlgorithmOtherThanHs256EvenWhenTheMacMatches(String header) {
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, header, JiraWebhooks.claims(NOW, null));
        assertThat(verify(auth("Bearer " + token)).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT ", "JWT a.b", "JWT a.b.c.d", "JWT !!.??.**", "Basic dXNlcjpwYXNz", "JWT a.b.c"})
    void refusesMalformedAuthorization(String header) {
        assertThat(verify(auth(header)).isRejected()).isTrue();
    }

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

    @Test
    void refusesARequestWithoutCredentials() {
        assertThat(verify(new HttpHeaders()).isRejected()).isTrue();
    }

    @Test
    void refusesEverythingWithoutConfiguredOrConnectionSecrets() {
        JiraVerifier closed = new JiraVerifier(null, "", Clock.systemUTC());
        WebhookSecrets none = WebhookSecrets.configuredOnly();
        String token = JiraWebhooks.jwt("guess", JiraWebhooks.claims(Instant.now().getEpochSecond(), null));
        assertThat(closed.verify(RawWebhook.post(PATH, auth("Bearer " + token), BODY), none).isRejected()).isTrue();
        assertThat(closed.verify(RawWebhook.post(PATH, hub(JiraWebhooks.signature("guess", BODY)), BODY), none)
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
        assertThat(JiraJwt.queryStringHash("POST", PATH, null)).isEqualTo(JiraWebhooks.queryStringHash(PATH));
    }

    private static Arguments row(AppKind kind, String what, String claims) {
        return Arguments.of(kind, Named.of(what, what), claims);
    }

    private Verification verify(HttpHeaders headers) {
        return verifier.verify(RawWebhook.post(PATH, headers, BODY), SECRETS);
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
