package com.poblysh.connectors.query.connections;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.poblysh.connectors.common.provider.Provider;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A connection as served to Core: never a token or secret, only who it is connected as and its state.
 * {@code metadata} is the stored JSONB object (provider facts such as a GitHub login or a Slack team), written
 * as raw JSON.
 */
@Schema(name = "Connection")
public record ConnectionView(
        @Schema(requiredMode = REQUIRED) UUID id,
        @Schema(requiredMode = REQUIRED) Provider provider,
        @Schema(requiredMode = REQUIRED, allowableValues = {"active", "revoked", "error"}) String status,
        @Schema(types = {"string", "null"}) String displayName,
        @Schema(requiredMode = REQUIRED) String externalId,
        @Schema(types = {"string", "null"}, format = "date-time", description = "When the access token expires; "
                + "null when the provider issues tokens without expiry") Instant expiresAt,
        @Schema(requiredMode = REQUIRED) List<String> scopes,
        @JsonRawValue @Schema(types = {"object"}, requiredMode = REQUIRED,
                description = "Provider facts, e.g. {\"login\": \"octocat\"}") String metadata,
        @Schema(requiredMode = REQUIRED) Instant createdAt) {
}
