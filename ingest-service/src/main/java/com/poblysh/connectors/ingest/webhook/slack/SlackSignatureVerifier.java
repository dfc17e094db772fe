package com.poblysh.connectors.ingest.webhook.slack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.poblysh.connectors.ingest.webhook.HmacSignature;
import com.poblysh.connectors.ingest.webhook.RawWebhook;
import com.poblysh.connectors.ingest.webhook.Verification;
import com.poblysh.connectors.ingest.webhook.WebhookSecret;
import com.poblysh.connectors.ingest.webhook.WebhookSecrets;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.http.HttpHeaders;

/**
 * Slack's v0 scheme: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw
 * body)>} with {@code X-Slack-Request-Timestamp} at most five minutes from now in either direction, so a captured
 * request cannot be replayed later (a replay inside the window carries the same {@code event_id} and is
 * deduplicated downstream).
 */
final class SlackSignatureVerifier implements WebhookVerifier {

    static final String SIGNATURE_HEADER = "X-Slack-Signature";
    static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    private static final String VERSION = "v0";
    private static final HmacSignature SIGNATURE = new HmacSignature(SIGNATURE_HEADER, VERSION + "=");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

    private final List<WebhookSecret> configured;
    private final Clock clock;

    /** @param signingSecret the Slack app's signing secret: the app's credential, signing every workspace's events */
    SlackSignatureVerifier(String signingSecret, Clock clock) {
        this.configured = WebhookSecret.appIfSet(signingSecret);
        this.clock = clock;
    }

    @Override
    public Verification verify(RawWebhook request, WebhookSecrets secrets) {
        HttpHeaders headers = request.headers();
        byte[] rawBody = request.body();
        List<String> signatures = headers.get(SIGNATURE_HEADER);
        List<String> timestamps = headers.get(TIMESTAMP_HEADER);
        if (signatures == null || signatures.size() != 1 || timestamps == null || timestamps.size() != 1) {
            return Verification.rejected("expected exactly one " + SIGNATURE_HEADER + " and " + TIMESTAMP_HEADER);
        }
        String timestamp = timestamps.get(0).trim();
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            return Verification.rejected("malformed " + TIMESTAMP_HEADER);
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            return Verification.rejected("request timestamp is " + age + " s away from now");
        }
        return SIGNATURE.verify(signatures.get(0), baseString(timestamp, rawBody), configured, secrets);
    }

    /** {@code "v0:" + timestamp + ":" + raw body}, as bytes: the body is never decoded. */
    static byte[] baseString(String timestamp, byte[] rawBody) {
        ByteArrayOutputStream base = new ByteArrayOutputStream(rawBody.length + 32);
        base.writeBytes((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
        base.writeBytes(rawBody);
        return base.toByteArray();
    }

    @Override
    public String toString() {
        return "SlackSignatureVerifier[configured secret " + (configured.isEmpty() ? "unset" : "redacted") + "]";
    }
}
