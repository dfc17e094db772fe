package com.poblysh.connectors.query.connections;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A connection as served to Core: never a token or secret, only who it is connected as and its state.
 * {@code metadata} is the stored JSONB object (provider facts such as a GitHub login or a Slack team), written
 * as raw JSON.
 */
@Schema(name = "Connection")
public record ConnectionView(
        UUID id,
        @Schema(allowableValues = {"github", "jira", "microsoft_graph", "slack"}) String provider,
        @Schema(allowableValues = {"active", "revoked", "error"}) String status,
        @Schema(types = {"string", "null"}) String displayName,
        String externalId,
        @Schema(types = {"string", "null"}, format = "date-time", description = "When the access token expires; "
                + "null when the provider issues tokens without expiry") Instant expiresAt,
        List<String> scopes,
        @JsonRawValue @Schema(types = {"object"}, description = "Provider facts, e.g. {\"login\": \"octocat\"}")
        String metadata,
        Instant createdAt) {
}
