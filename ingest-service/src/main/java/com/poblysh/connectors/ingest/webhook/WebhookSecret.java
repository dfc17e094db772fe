package com.poblysh.connectors.ingest.webhook;

import java.util.Objects;
import java.util.UUID;

/**
 * A secret a delivery was verified with: a connection's own (then {@link #connectionId()} names it and the raw event
 * carries it) or the provider's configured fallback (no connection). {@link #toString()} never shows the value.
 */
public record WebhookSecret(String value, UUID connectionId) {

    public WebhookSecret {
        Objects.requireNonNull(value, "value");
    }

    /** A secret from the provider's configuration, belonging to no connection. */
    public static WebhookSecret configured(String value) {
        return new WebhookSecret(value, null);
    }

    @Override
    public String toString() {
        return "WebhookSecret[" + (connectionId == null ? "configured" : "connection " + connectionId)
                + ", value redacted]";
    }
}
