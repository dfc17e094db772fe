package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack Events API requests: {@code X-Slack-Signature: v0=<hex HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)>}
 * with the {@code X-Slack-Request-Timestamp} it covers.
 */
public final class SlackWebhooks {

    /** The signing secret the services under test are configured with. */
    public static final String SECRET = "test-slack-signing-secret";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    /** {@code team_id} of the fixtures' workspace. */
    public static final String TEAM_ID = "T061EG9R6";
    /** {@code api_app_id} of the fixtures' app. */
    public static final String APP_ID = "A0PNCHHK2";

    private SlackWebhooks() {
    }

    /** The {@code X-Slack-Signature} Slack sends for {@code body} at {@code timestamp} under {@code secret}. */
    public static String signature(String secret, String timestamp, byte[] body) {
        return "v0=" + Hmac.sha256Hex(secret, ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8), body);
    }

    /** The current {@code X-Slack-Request-Timestamp}. */
    public static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** The fixture {@code fixtures/slack/<name>.json}, e.g. {@code fixture("message")}. */
    public static ProviderFixture fixture(String name) {
        return ProviderFixtures.get(Provider.SLACK, name);
    }

    /**
     * The {@code url_verification} request Slack sends when an app's events URL is set: a handshake, not an event,
     * so it is no fixture.
     */
    public static byte[] urlVerification(String challenge) {
        return ("{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"" + challenge
                + "\",\"type\":\"url_verification\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code message} fixture as another event: its own {@code event_id} and text. */
    public static byte[] message(String eventId, String text) {
        return fixture("message").withBody(body -> {
            body.put("event_id", eventId);
            ((ObjectNode) body.get("event")).put("text", text);
            return body;
        }).bodyBytes();
    }

    /** The same, posted at {@code epochSecond} ({@code ts}, {@code event_ts} and {@code event_time}). */
    public static byte[] message(String eventId, String text, long epochSecond) {
        return fixture("message").withBody(body -> {
            ObjectNode event = (ObjectNode) body.get("event");
            String ts = event.get("ts").asString();
            String at = epochSecond + ts.substring(ts.indexOf('.'));
            event.put("text", text).put("ts", at).put("event_ts", at);
            body.put("event_id", eventId).put("event_time", epochSecond);
            return body;
        }).bodyBytes();
    }

    /** The {@code message} fixture as an event of workspace {@code teamId} (and app {@code appId}). */
    public static byte[] messageOf(String teamId, String appId, String eventId, String text) {
        return fixture("message").withBody(body -> {
            body.put("team_id", teamId).put("api_app_id", appId).put("event_id", eventId);
            ((ObjectNode) body.get("event")).put("text", text).put("team", teamId);
            return body;
        }).bodyBytes();
    }

    /**
     * An {@code app_uninstalled} event of workspace {@code teamId}, or a {@code tokens_revoked} one revoking the
     * bot token (when {@code event} is {@code tokens_revoked}).
     */
    public static byte[] revocation(String event, String teamId, String appId, String eventId) {
        String inner = "tokens_revoked".equals(event)
                ? "{\"type\":\"tokens_revoked\",\"tokens\":{\"oauth\":[],\"bot\":[\"U0FTKS1RN\"]}}"
                : "{\"type\":\"app_uninstalled\"}";
        return ("{\"token\":\"XXYYZZ\",\"team_id\":\"" + teamId + "\",\"api_app_id\":\"" + appId
                + "\",\"event\":" + inner + ",\"type\":\"event_callback\",\"event_id\":\"" + eventId
                + "\",\"event_time\":1714467601}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code fixture} as Slack posts it at {@code timestamp}, signed with {@code secret}. */
    public static ProviderRequest request(ProviderFixture fixture, String secret, String timestamp) {
        byte[] body = fixture.bodyBytes();
        return new ProviderRequest(fixture.headers(), body).withHeader(TIMESTAMP_HEADER, timestamp)
                .withHeader(SIGNATURE_HEADER, signature(secret, timestamp, body));
    }
}
