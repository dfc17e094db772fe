package com.poblysh.connectors.ingest.webhook;

import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The active connections of the path's tenant and provider, read once per request and only when a check needs
 * them, shared by {@link WebhookSecrets} (their secrets) and {@link ConnectionBinder} (their bindings).
 */
final class RequestConnections {

    private static final Logger log = LoggerFactory.getLogger(RequestConnections.class);
    /** Retry-After of a 503 when the connections cannot be read. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final TenantId tenant;
    private final Provider provider;
    private final WebhookConnections source;
    private List<WebhookConnection> connections;
    private boolean failed;

    RequestConnections(TenantId tenant, Provider provider, WebhookConnections source) {
        this.tenant = tenant;
        this.provider = provider;
        this.source = source;
    }

    /** No connection at all (the app-wide URL, whose tenants come from the delivery; verifier unit tests). */
    static RequestConnections none() {
        return new RequestConnections(null, null, null);
    }

    /** Fixed connections (verifier unit tests). */
    static RequestConnections of(List<WebhookConnection> connections) {
        RequestConnections fixed = new RequestConnections(null, null, null);
        fixed.connections = List.copyOf(connections);
        return fixed;
    }

    TenantId tenant() {
        return tenant;
    }

    Provider provider() {
        return provider;
    }

    /** The connections, or none when they could not be read (then {@link #failed()} says so). */
    List<WebhookConnection> lenient() {
        if (connections == null) {
            connections = List.of();
            if (source != null) {
                try {
                    connections = source.active(tenant, provider);
                } catch (DataAccessException e) {
                    failed = true;
                    log.warn("Could not read the {} connections of tenant {}: {}", provider, tenant,
                            e.getMostSpecificCause().toString());
                }
            }
        }
        return connections;
    }

    /**
     * The connections.
     *
     * @throws ApiException 503 {@code SERVICE_UNAVAILABLE} when they cannot be read: the delivery may be genuine,
     *                      so the provider is asked to retry rather than told it is forged
     */
    List<WebhookConnection> required() {
        List<WebhookConnection> all = lenient();
        if (failed) {
            throw unavailable();
        }
        return all;
    }

    boolean failed() {
        return failed;
    }

    static ApiException unavailable() {
        return new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "webhook connections are unavailable; retry later",
                Map.of(), RETRY_AFTER_SECONDS);
    }
}
