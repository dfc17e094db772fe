package com.poblysh.connectors.ingest.webhook.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class GitHubSignatureVerifierTests {

    // GitHub's documented example ("Validating webhook deliveries").
    private static final String DOC_SECRET = "It's a Secret to Everybody";
    private static final byte[] DOC_PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String DOC_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final WebhookSecrets NONE = WebhookSecrets.configuredOnly();

    private final GitHubSignatureVerifier verifier = new GitHubSignatureVerifier(DOC_SECRET);

    @Test
    void acceptsGitHubsDocumentedExample() {
        assertThat(verifier.verify(request(DOC_PAYLOAD, signed(DOC_SIGNATURE)), NONE))
                .satisfies(GitHubSignatureVerifierTests::isVerified);
    }

    @Test
    void acceptsUpperCaseHex() {
        String upper = "sha256=" + DOC_SIGNATURE.substring(7).toUpperCase(java.util.Locale.ROOT);
        assertThat(verifier.verify(request(DOC_PAYLOAD, signed(upper)), NONE))
                .satisfies(GitHubSignatureVerifierTests::isVerified);
    }

    @Test
    void agreesWithAnIndependentHmac() {
        byte[] body = GitHubWebhooks.fixture("pull_request-opened").bodyBytes();
        GitHubSignatureVerifier configured = new GitHubSignatureVerifier(GitHubWebhooks.SECRET);
        String signature = GitHubWebhooks.signature(GitHubWebhooks.SECRET, body);
        assertThat(configured.verify(request(body, signed(signature)), NONE))
                .satisfies(GitHubSignatureVerifierTests::isVerified);
    }

    @Test
    void rejectsASignatureOfAnotherBody() {
        byte[] tampered = "Hello, World?".getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(request(tampered, signed(DOC_SIGNATURE)), NONE).isRejected()).isTrue();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        String other = GitHubWebhooks.signature("another secret", DOC_PAYLOAD);
        assertThat(verifier.verify(request(DOC_PAYLOAD, signed(other)), NONE).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17ff",
            "sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1 ",
    })
    void rejectsMalformedSignatureHeaders(String header) {
        assertThat(verifier.verify(request(DOC_PAYLOAD, signed(header)), NONE).isRejected()).isTrue();
    }

    @Test
    void rejectsAMissingSignatureHeader() {
        assertThat(verifier.verify(request(DOC_PAYLOAD, new HttpHeaders()), NONE).isRejected()).isTrue();
    }

    @Test
    void rejectsTwoSignatureHeadersEvenIfOneIsRight() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(GitHubSignatureVerifier.SIGNATURE_HEADER, DOC_SIGNATURE);
        headers.add(GitHubSignatureVerifier.SIGNATURE_HEADER, GitHubWebhooks.signature("other", DOC_PAYLOAD));
        assertThat(verifier.verify(request(DOC_PAYLOAD, headers), NONE).isRejected()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsEverythingWithoutASecret(String secret) {
        GitHubSignatureVerifier closed = new GitHubSignatureVerifier(secret);
        assertThat(closed.verify(request(DOC_PAYLOAD, signed(DOC_SIGNATURE)), NONE).isRejected()).isTrue();
    }

    @Test
    void attributesADeliveryToTheConnectionWhoseSecretSignedIt() {
        UUID connection = UUID.randomUUID();
        WebhookSecrets secrets = WebhookSecrets.of(List.of(
                new WebhookConnection(UUID.randomUUID(), "someone else's secret", Set.of()),
                new WebhookConnection(connection, DOC_SECRET, Set.of())));

        Verification verification = new GitHubSignatureVerifier(null)
                .verify(request(DOC_PAYLOAD, signed(DOC_SIGNATURE)), secrets);

        assertThat(verification.isRejected()).isFalse();
        assertThat(verification.credentials()).extracting(WebhookSecret::connectionId).containsExactly(connection);
    }

    @Test
    void namesTheConnectionSecretBeforeTheConfiguredOneWhenBothMatch() {
        UUID connection = UUID.randomUUID();
        Verification verification = verifier.verify(request(DOC_PAYLOAD, signed(DOC_SIGNATURE)),
                WebhookSecrets.of(List.of(new WebhookConnection(connection, DOC_SECRET, Set.of()))));

        assertThat(verification.credentials()).extracting(WebhookSecret::source)
                .containsExactly(WebhookSecret.Source.CONNECTION, WebhookSecret.Source.FALLBACK);
        assertThat(verification.credentials().get(0).connectionId()).isEqualTo(connection);
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(verifier.toString()).doesNotContain(DOC_SECRET);
    }

    private static HttpHeaders signed(String signature) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(GitHubSignatureVerifier.SIGNATURE_HEADER, signature);
        return headers;
    }

    private static void isVerified(Verification verification) {
        assertThat(verification.isRejected()).as(verification.toString()).isFalse();
        assertThat(verification.isOperator()).isFalse();
    }

    private static RawWebhook request(byte[] body, HttpHeaders headers) {
        return RawWebhook.post("/webhooks/github/" + UUID.randomUUID(), headers, body);
    }
}
