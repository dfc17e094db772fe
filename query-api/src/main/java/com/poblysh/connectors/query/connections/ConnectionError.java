package com.poblysh.connectors.query.connections;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** Why a connection last failed, as the sync engine and the token refresher record it. */
@Schema(name = "ConnectionError", description = "Why the connection last failed")
public record ConnectionError(
        @Schema(requiredMode = REQUIRED, description = "What failed: a sync job's error code (e.g. not_found, "
                + "unauthorized, attempts_exhausted) or invalid_grant when the provider rejected the refresh token",
                example = "invalid_grant") String code,
        @Schema(requiredMode = REQUIRED, description = "What to know or do about it, for people",
                example = "github rejected the connection's refresh token (bad_refresh_token): connect the account "
                        + "again") String message,
        @Schema(requiredMode = REQUIRED, format = "date-time") Instant at) {
}
