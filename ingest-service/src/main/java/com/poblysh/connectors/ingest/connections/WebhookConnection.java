package com.poblysh.connectors.ingest.connections;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;

/**
 * An active connection as webhooks see it: its id, its decrypted webhook secret (null when it has none, e.g. a
 * Slack workspace verified by the app's signing secret) and the identities it is bound to
 * ({@code connection_bindings}). {@link #toString()} never shows the secret.
 *
 * @param id       the connection id
 * @param secret   the decrypted {@code webhook_secret_ciphertext}, or null
 * @param bindings what the connection covers at its provider
 */
public record WebhookConnection(UUID id, String secret, Set<ExternalIdentity> bindings) {

    public WebhookConnection {
        Objects.requireNonNull(id, "id");
        bindings = Set.copyOf(bindings);
    }

    /** Whether the connection is bound to {@code identity}. */
    public boolean binds(ExternalIdentity identity) {
        return bindings.contains(identity);
    }

    @Override
    public String toString() {
        return "WebhookConnection[" + id + ", secret " + (secret == null ? "none" : "redacted") + ", bindings "
                + bindings + "]";
    }
}
