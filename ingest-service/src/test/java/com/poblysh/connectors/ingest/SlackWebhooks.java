package com.poblysh.connectors.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test fixtures for Slack Events API requests: bodies from {@code fixtures/slack/} and their v0 signatures. */
public final class SlackWebhooks {

    /** The signing secret every ingest test context is configured with. */
    public static final String SECRET = "test-slack-signing-secret";

    private SlackWebhooks() {
    }

    /** A fixture body, byte for byte, e.g. {@code fixture("message")}. */
    public static byte[] fixture(String name) {
        return GithubWebhooks.resource("/fixtures/slack/" + name + ".json");
    }

    /** The {@code X-Slack-Signature} Slack would send for {@code body} at {@code timestamp} under {@code secret}. */
    public static String signature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current {@code X-Slack-Request-Timestamp}. */
    public static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** A message event_callback with its own event id, as Slack would post it. */
    public static byte[] message(String eventId, String text) {
        return new String(fixture("message"), StandardCharsets.UTF_8)
                .replace("Ev0PV52K25", eventId).replace("Deploy finished on staging", text)
                .getBytes(StandardCharsets.UTF_8);
    }
}
