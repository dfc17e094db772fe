package com.poblysh.connectors.query.oauth;

import java.util.Map;
import java.util.Objects;

/**
 * Who a connection is connected as at the provider.
 *
 * @param externalId  the provider's stable id (GitHub user id, Atlassian cloud id, Graph user id, Slack team id);
 *                    unique per tenant and provider, so reconnecting the same account reuses the connection
 * @param displayName a human-readable name, null when the provider gives none
 * @param metadata    secret-free provider facts stored with the connection
 */
public record ExternalAccount(String externalId, String displayName, Map<String, Object> metadata) {

    public ExternalAccount {
        Objects.requireNonNull(externalId, "externalId");
        metadata = Map.copyOf(metadata);
    }
}
