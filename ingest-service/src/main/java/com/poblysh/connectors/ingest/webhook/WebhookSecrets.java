package com.poblysh.connectors.ingest.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.connections.ConnectionSecret;
import com.poblysh.connectors.ingest.connections.ConnectionSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The secrets one request may be signed with: the webhook secrets of the tenant's connections of the provider
 * (read once per request, lazily), then the provider's configured fallback secrets. With neither, nothing matches
 * and the public path is closed.
 */
public final class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
    /** Retry-After of a 503 when the stored secrets cannot be read. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final TenantId tenant;
    private final Provider provider;
    private final ConnectionSecrets source;
    private List<WebhookSecret> connectionSecrets;
    private boolean lookupFailed;

    WebhookSecrets(TenantId tenant, Provider provider, ConnectionSecrets source) {
        this.tenant = tenant;
        this.provider = provider;
        this.source = source;
    }

    /** No connection secrets at all: only the configured ones count (verifier unit tests). */
    public static WebhookSecrets configuredOnly() {
        return new WebhookSecrets(null, null, null);
    }

    /** The given connection secrets and then the configured ones (verifier unit tests). */
    public static WebhookSecrets of(List<ConnectionSecret> connections) {
        return new WebhookSecrets(null, null, (t, p) -> connections);
    }

    /**
     * The first secret {@code matches} accepts, trying the tenant's connection secrets first (so a delivery is
     * attributed to its connection) and then {@code configured} (blank values are skipped).
     *
     * @throws ApiException 503 {@code SERVICE_UNAVAILABLE} when nothing matched and the connection secrets could not
     *                      be read: the delivery may be genuine, so the provider is asked to retry rather than told
     *                      its signature is wrong
     */
    public Optional<WebhookSecret> find(Collection<String> configured, Predicate<String> matches) {
        for (WebhookSecret secret : candidates(configured)) {
            if (matches.test(secret.value())) {
                return Optional.of(secret);
            }
        }
        if (lookupFailed) {
            throw new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                    "webhook secrets are unavailable; retry later", Map.of(), RETRY_AFTER_SECONDS);
        }
        return Optional.empty();
    }

    /** Every candidate, connection secrets first; empty means the public path is closed. */
    public List<WebhookSecret> candidates(Collection<String> configured) {
        List<WebhookSecret> all = new ArrayList<>(connectionSecrets());
        for (String value : configured) {
            if (value != null && !value.isBlank()) {
                all.add(WebhookSecret.configured(value));
            }
        }
        return all;
    }

    private List<WebhookSecret> connectionSecrets() {
        if (connectionSecrets == null) {
            connectionSecrets = List.of();
            if (source != null) {
                try {
                    connectionSecrets = source.webhookSecrets(tenant, provider).stream()
                            .filter(s -> !s.secret().isBlank()) // an empty key signs nothing
                            .map(s -> new WebhookSecret(s.secret(), s.connectionId())).toList();
                } catch (DataAccessException e) {
                    lookupFailed = true;
                    log.warn("Could not read the {} webhook secrets of tenant {}: {}", provider, tenant,
                            e.getMostSpecificCause().toString());
                }
            }
        }
        return connectionSecrets;
    }

    @Override
    public String toString() {
        return "WebhookSecrets[" + provider + " of " + tenant + ", values redacted]";
    }
}
