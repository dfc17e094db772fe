package com.poblysh.connectors.ingest.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import com.poblysh.connectors.ingest.connections.WebhookConnection;

/**
 * The secrets one request may be signed with: the webhook secrets of the tenant's connections of the provider (read
 * once per request, lazily), then the provider's configured ones: its app credential, and its fallback secret only
 * when {@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS} is true. With none, nothing matches and the public path is
 * closed. A match only authenticates the request; {@link ConnectionBinder} then decides which connection (if any)
 * it belongs to.
 */
public final class WebhookSecrets {

    private final RequestConnections connections;
    private final boolean fallbackAllowed;

    WebhookSecrets(RequestConnections connections, boolean fallbackAllowed) {
        this.connections = connections;
        this.fallbackAllowed = fallbackAllowed;
    }

    /** No connection secrets; configured secrets of every source count (verifier unit tests). */
    public static WebhookSecrets configuredOnly() {
        return new WebhookSecrets(RequestConnections.none(), true);
    }

    /** These connections' secrets, then configured secrets of every source (verifier unit tests). */
    public static WebhookSecrets of(List<WebhookConnection> connections) {
        return new WebhookSecrets(RequestConnections.of(connections), true);
    }

    /**
     * Every candidate {@code matches} accepts: connection secrets first (in connection order), then
     * {@code configured} (blank values skipped, fallback secrets unless opted in). Empty when none matches.
     *
     * @throws com.poblysh.connectors.common.web.ApiException 503 {@code SERVICE_UNAVAILABLE} when nothing matched
     *                                                        and the connections could not be read
     */
    public List<WebhookSecret> matching(Collection<WebhookSecret> configured, Predicate<String> matches) {
        List<WebhookSecret> matched = new ArrayList<>(1);
        for (WebhookSecret secret : candidates(configured)) {
            if (matches.test(secret.value())) {
                matched.add(secret);
            }
        }
        if (matched.isEmpty() && connections.failed()) {
            throw RequestConnections.unavailable();
        }
        return matched;
    }

    /**
     * Whether no secret at all could verify the request: the public path is closed (401).
     *
     * @throws com.poblysh.connectors.common.web.ApiException 503 when the connections could not be read, as they
     *                                                        might hold one
     */
    public boolean closed(Collection<WebhookSecret> configured) {
        boolean none = candidates(configured).isEmpty();
        if (none && connections.failed()) {
            throw RequestConnections.unavailable();
        }
        return none;
    }

    /** Every candidate, connection secrets first; empty means the public path is closed. */
    public List<WebhookSecret> candidates(Collection<WebhookSecret> configured) {
        List<WebhookSecret> all = new ArrayList<>();
        for (WebhookConnection connection : connections.lenient()) {
            for (String secret : connection.secrets()) {
                all.add(WebhookSecret.connection(secret, connection.id()));
            }
        }
        for (WebhookSecret secret : configured) {
            if (!secret.value().isBlank() && (secret.source() != WebhookSecret.Source.FALLBACK || fallbackAllowed)) {
                all.add(secret);
            }
        }
        return all;
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + connections.provider() + " of " + connections.tenant() + ", values redacted]";
    }
}
