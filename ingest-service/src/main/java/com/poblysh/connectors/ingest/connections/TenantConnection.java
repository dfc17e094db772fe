package com.poblysh.connectors.ingest.connections;

import java.util.Objects;

import com.poblysh.connectors.common.tenancy.TenantId;

/** A connection and the tenant it belongs to, for deliveries whose path names no tenant (Slack's app URL). */
public record TenantConnection(TenantId tenant, WebhookConnection connection) {

    public TenantConnection {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(connection, "connection");
    }
}
