package com.poblysh.connectors.ingest.connections;

import java.util.ArrayList;
import java.util.List;
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
 * @param hookSecrets the decrypted secrets of the hooks provisioned for it ({@code connection_webhooks}), each of
 *                    which signs the deliveries of one hook
 * @param bindings what the connection covers at its provider
 */
public record WebhookConnection(UUID id, String secret, List<String> hookSecrets, Set<ExternalIdentity> bindings) {

    public WebhookConnection {
        Objects.requireNonNull(id, "id");
        hookSecrets = List.copyOf(hookSecrets);
        bindings = Set.copyOf(bindings);
    }

    /** A connection without provisioned hooks. */
    public WebhookConnection(UUID id, String secret, Set<ExternalIdentity> bindings) {
        this(id, secret, List.of(), bindings);
    }

    /** Every secret a delivery of this connection may be signed with: its own, then its hooks'. */
    public List<String> secrets() {
        List<String> all = new ArrayList<>(hookSecrets.size() + 1);
        if (secret != null) {
            all.add(secret);
        }
        all.addAll(hookSecrets);
        return all;
    }

    /** Whether the connection is bound to {@code identity}. */
    public boolean binds(ExternalIdentity identity) {
        return bindings.contains(identity);
    }

    @Override
    public String toString() {
        return "WebhookConnection[" + id + ", secret " + (secret == null ? "none" : "redacted") + ", "
                + hookSecrets.size() + " hook secrets redacted, bindings "
                + bindings + "]";
    }
}
