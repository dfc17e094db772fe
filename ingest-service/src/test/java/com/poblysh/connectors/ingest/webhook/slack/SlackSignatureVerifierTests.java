package com.poblysh.connectors.ingest.webhook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.testkit.SlackWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class SlackSignatureVerifierTests {

    // Slack's documented example ("Verifying requests from Slack").
    private static final String DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String DOC_TIMESTAMP = "1531420618";
    private static final byte[] DOC_BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121"
            + ".803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    private static final String DOC_SIGNATURE =
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final WebhookSecrets NONE = WebhookSecrets.configuredOnly();

    private final SlackSignatureVerifier verifier = new SlackSignatureVerifier(DOC_SECRET, at(1531420618L));

    @Test
    void acceptsSlacksDocumentedExample() {
        assertThat(verifier.verify(request(DOC_BODY, DOC_SIGNATURE, DOC_TIMESTAMP), NONE).isRejected()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {-300, 300})
    void acceptsATimestampAtTheEdgeOfTheFiveMinuteWindow(long offset) {
        SlackSignatureVerifier shifted = new SlackSignatureVerifier(DOC_SECRET, at(1531420618L + offset));
        assertThat(shifted.verify(request(DOC_BODY, DOC_SIGNATURE, DOC_TIMESTAMP), NONE).isRejected()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {-301, 301, 86_400})
    void rejectsARequestOlderOrNewerThanFiveMinutesEvenWithAValidSignature(long offset) {
        SlackSignatureVerifier shifted = new SlackSignatureVerifier(DOC_SECRET, at(1531420618L + offset));
        assertThat(shifted.verify(request(DOC_BODY, DOC_SIGNATURE, DOC_TIMESTAMP), NONE).isRejected()).isTrue();
    }

    @Test
    void rejectsAReplayWithAFreshTimestampButTheOldSignature() {
        // The timestamp is inside the signed base string: moving it forward breaks the signature.
        assertThat(verifier.verify(request(DOC_BODY, DOC_SIGNATURE, "1531420619"), NONE).isRejected()).isTrue();
    }

    @Test
    void agreesWithAnIndependentHmac() {
        byte[] body = SlackWebhooks.fixture("message").bodyBytes();
        String signature = SlackWebhooks.signature(DOC_SECRET, DOC_TIMESTAMP, body);
        assertThat(verifier.verify(request(body, signature, DOC_TIMESTAMP), NONE).isRejected()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
            "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50",
            "v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"})
    void rejectsMalformedSignatures(String signature) {
        assertThat(verifier.verify(request(DOC_BODY, signature, DOC_TIMESTAMP), NONE).isRejected()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-1531420618", "1531420618.5", "99999999999999999999"})
    void rejectsMalformedTimestamps(String timestamp) {
        assertThat(verifier.verify(request(DOC_BODY, DOC_SIGNATURE, timestamp), NONE).isRejected()).isTrue();
    }

    @Test
    void rejectsARequestWithoutATimestamp() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(SlackSignatureVerifier.SIGNATURE_HEADER, DOC_SIGNATURE);
        assertThat(verifier.verify(RawWebhook.post("/webhooks/slack/t", headers, DOC_BODY), NONE).isRejected())
                .isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsEverythingWithoutAnySecret(String secret) {
        SlackSignatureVerifier closed = new SlackSignatureVerifier(secret, at(1531420618L));
        assertThat(closed.verify(request(DOC_BODY, DOC_SIGNATURE, DOC_TIMESTAMP), NONE).isRejected()).isTrue();
    }

    @Test
    void verifiesWithAConnectionsSigningSecretAndNamesTheConnection() {
        UUID connection = UUID.randomUUID();
        SlackSignatureVerifier withoutConfigured = new SlackSignatureVerifier(null, at(1531420618L));

        Verification verification = withoutConfigured.verify(request(DOC_BODY, DOC_SIGNATURE, DOC_TIMESTAMP),
                WebhookSecrets.of(List.of(new WebhookConnection(connection, DOC_SECRET, Set.of()))));

        assertThat(verification.isRejected()).isFalse();
        assertThat(verification.credentials()).extracting(WebhookSecret::connectionId).containsExactly(connection);
    }

    private static RawWebhook request(byte[] body, String signature, String timestamp) {
        HttpHeaders headers = new HttpHeaders();
        headers.add(SlackSignatureVerifier.SIGNATURE_HEADER, signature);
        headers.add(SlackSignatureVerifier.TIMESTAMP_HEADER, timestamp);
        return RawWebhook.post("/webhooks/slack/" + UUID.randomUUID(), headers, body);
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
