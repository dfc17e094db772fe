package com.poblysh.connectors.ingest.webhook;

import java.util.Objects;

import org.springframework.http.MediaType;

/**
 * An answer a provider's handshake demands instead of the usual {@code 202 {"status":"accepted",...}}: Slack's
 * {@code url_verification} wants its challenge back as JSON, Microsoft Graph's subscription validation its token as
 * plain text.
 *
 * @param status      HTTP status
 * @param contentType media type of the body
 * @param body        the body: a string for text, an object serialized as JSON otherwise
 */
public record WebhookReply(int status, MediaType contentType, Object body) {

    public WebhookReply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    /** 200 with {@code body} serialized as JSON. */
    public static WebhookReply json(Object body) {
        return new WebhookReply(200, MediaType.APPLICATION_JSON, body);
    }

    /** 200 {@code text/plain} with {@code text}. */
    public static WebhookReply text(String text) {
        return new WebhookReply(200, MediaType.TEXT_PLAIN, text);
    }
}
