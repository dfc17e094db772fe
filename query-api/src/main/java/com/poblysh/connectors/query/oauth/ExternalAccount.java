package com.poblysh.connectors.query.oauth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.poblysh.connectors.common.identity.ExternalIdentity;

/**
 * Who a connection is connected as at the provider.
 *
 * @param externalId  the provider's stable id (GitHub user id, Atlassian cloud id, Graph user id, Slack team id);
 *                    unique per tenant and provider, so reconnecting the same account reuses the connection
 * @param displayName a human-readable name, null when the provider gives none
 * @param metadata    secret-free provider facts stored with the connection
 * @param bindings    what the connect answer already says the connection covers (Slack team and app, Jira sites),
 *                    stored in {@code connection_bindings} so webhook deliveries naming them are attributed to it
 */
public record ExternalAccount(String externalId, String displayName, Map<String, Object> metadata,
        List<ExternalIdentity> bindings) {

    public ExternalAccount {
        Objects.requireNonNull(externalId, "externalId");
        metadata = Map.copyOf(metadata);
        bindings = List.copyOf(bindings);
    }

    /** An account whose connect answer names nothing webhooks could be attributed by (GitHub, Microsoft Graph). */
    public ExternalAccount(String externalId, String displayName, Map<String, Object> metadata) {
        this(externalId, displayName, metadata, List.of());
    }
}
