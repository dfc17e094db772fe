package com.poblysh.connectors.query.jobs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.poblysh.connectors.common.provider.Provider;
import io.swagger.v3.oas.annotations.media.Schema;

/** A sync job as served to Core; {@code error} is the stored JSONB object of a failed job, written raw. */
@Schema(name = "Job")
record JobView(
        @Schema(requiredMode = REQUIRED) UUID id,
        @Schema(requiredMode = REQUIRED) Provider provider,
        @Schema(requiredMode = REQUIRED) UUID connectionId,
        @Schema(requiredMode = REQUIRED, allowableValues = {"full", "incremental", "webhook", "replay", "provision",
                    "redeliver"}) String jobType,
        @Schema(requiredMode = REQUIRED, allowableValues = {"queued", "running", "succeeded", "failed"}) String status,
        @Schema(requiredMode = REQUIRED) int attempts,
        @Schema(requiredMode = REQUIRED, description = "Events the sync published so far (pages whose cursor was "
                + "stored)") long items,
        @Schema(requiredMode = REQUIRED) Instant scheduledAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant startedAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant finishedAt,
        @JsonRawValue @Schema(types = {"object", "null"}, description = "Why the job failed, or why a queued job "
                + "waits for a retry: {code, message, at} (retry_at when rate limited), e.g. "
                + "{\"code\": \"connection_revoked\"}") String error) {
}
