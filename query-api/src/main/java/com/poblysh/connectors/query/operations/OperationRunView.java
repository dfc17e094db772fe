package com.poblysh.connectors.query.operations;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;

/** A replay or redrive run as operators read it: what it was asked, how far it got, how it ended. */
@Schema(name = "OperationRun")
record OperationRunView(
        @Schema(requiredMode = REQUIRED) UUID id,
        @Schema(requiredMode = REQUIRED, allowableValues = {"replay", "redrive"}) String kind,
        @Schema(requiredMode = REQUIRED, allowableValues = {"queued", "running", "succeeded", "failed", "cancelled"})
        String status,
        @JsonRawValue @Schema(requiredMode = REQUIRED, types = {"object"}, description = "The request as stored: "
                + "from, to, tenant, provider, mode, rate, dry_run (replay); tenant, provider, reason, since, dry_run "
                + "(redrive)") String filters,
        @Schema(requiredMode = REQUIRED) Counts progress,
        @Schema(requiredMode = REQUIRED, description = "A cancel was asked; a running run stops after its batch")
        boolean cancelRequested,
        @Schema(types = {"string", "null"}) String startedBy,
        @JsonRawValue @Schema(types = {"object", "null"}, description = "Why it failed: {message}") String error,
        @Schema(requiredMode = REQUIRED) Instant createdAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant startedAt,
        @Schema(types = {"string", "null"}, format = "date-time") Instant finishedAt) {

    /**
     * The run's counts. {@code read} and {@code failed} count records, {@code stored} and {@code updated} signals;
     * {@code skipped} counts records left out by the filters or yielding no signal, and signals that exist unchanged.
     */
    @Schema(name = "OperationRunProgress")
    record Counts(@Schema(requiredMode = REQUIRED) long total, @Schema(requiredMode = REQUIRED) long read,
                  @Schema(requiredMode = REQUIRED) long stored, @Schema(requiredMode = REQUIRED) long updated,
                  @Schema(requiredMode = REQUIRED) long skipped, @Schema(requiredMode = REQUIRED) long failed) {
    }
}
