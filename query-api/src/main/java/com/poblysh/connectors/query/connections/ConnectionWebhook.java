package com.poblysh.connectors.query.connections;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A webhook the service provisioned at the provider for a connection (a GitHub repository hook), never its secret. */
@Schema(name = "ConnectionWebhook", description = "A webhook provisioned at the provider for the connection")
public record ConnectionWebhook(
        @Schema(requiredMode = REQUIRED, description = "This service's id of the webhook") UUID id,
        @Schema(requiredMode = REQUIRED, description = "What the webhook is on, e.g. repository",
                example = "repository") String targetKind,
        @Schema(requiredMode = REQUIRED, description = "The provider's id of what it is on, e.g. a repository id",
                example = "1296269") String targetId,
        @Schema(requiredMode = REQUIRED, description = "Its name, e.g. a repository's owner/name",
                example = "octocat/Hello-World") String target,
        @Schema(types = {"string", "null"}, requiredMode = REQUIRED, description = "The provider's id of the "
                + "webhook; null while it could not be created (see last_error)", example = "12345678")
        String externalId,
        @Schema(types = {"string", "null"}, format = "date-time", requiredMode = REQUIRED,
                description = "When it expires at the provider; null for webhooks that do not expire (GitHub)")
        Instant expiresAt,
        @Schema(types = {"string", "null"}, format = "date-time", requiredMode = REQUIRED,
                description = "When it was last created, renewed or found in place by a reconcile")
        Instant lastRenewedAt,
        @Schema(requiredMode = REQUIRED, nullable = true, description = "Why its last provisioning action failed "
                + "(e.g. forbidden: the account cannot administer the repository); null when it succeeded")
        ConnectionError lastError) {
}
