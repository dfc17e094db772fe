package com.poblysh.connectors.query.connections;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.poblysh.connectors.common.provider.Provider;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A connection as served to Core: never a token or secret, only who it is connected as and its state and health.
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
        @Schema(requiredMode = REQUIRED) Instant createdAt,
        @Schema(types = {"string", "null"}, format = "date-time", requiredMode = REQUIRED,
                description = "When the connection's latest sync succeeded; null before the first")
        Instant lastSyncedAt,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "Why the connection last failed: a sync "
                + "that failed for good, or a token the provider refused (status error with code unauthorized or "
                + "invalid_grant: connect the account again); null when its latest sync succeeded or it never "
                + "failed") ConnectionError lastError,
        @Schema(types = {"string", "null"}, format = "date-time", requiredMode = REQUIRED,
                description = "When the connection is synced next: the run time of its queued sync job (a past time "
                        + "means due now), else, for a polled provider, its latest sync's schedule plus the sync "
                        + "interval (a random delay up to the jitter is added when it is queued); null for a "
                        + "connection that is not active or not polled") Instant nextSyncAt,
        @Schema(requiredMode = REQUIRED, description = "The webhooks the service provisioned at the provider for the "
                + "connection (GitHub: one per repository the account administers), with their provider ids, "
                + "expiry, last renewal and last error; empty when it has none (revoked, or a provider whose "
                + "events arrive at the app's one URL)") List<ConnectionWebhook> webhooks) {

    /** The same connection with {@code webhooks}. */
    ConnectionView withWebhooks(List<ConnectionWebhook> webhooks) {
        return new ConnectionView(id, provider, status, displayName, externalId, expiresAt, scopes, metadata,
                createdAt, lastSyncedAt, lastError, nextSyncAt, List.copyOf(webhooks));
    }
}
