package com.poblysh.connectors.ingest.connections;

import java.util.Objects;
import java.util.UUID;

/** One connection's decrypted webhook secret; {@link #toString()} never shows it. */
public record ConnectionSecret(UUID connectionId, String secret) {

    public ConnectionSecret {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "ConnectionSecret[connection " + connectionId + ", secret redacted]";
    }
}
