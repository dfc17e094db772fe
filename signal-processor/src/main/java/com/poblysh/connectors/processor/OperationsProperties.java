package com.poblysh.connectors.processor;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Replays and redrives ({@code poblysh.operations.*}, from {@code POBLYSH_OPERATIONS_*} in
 * {@code signal-processor.yml}).
 *
 * @param worker      whether this processor runs the replays and redrives queued by query-api's operator endpoints
 *                    ({@code POBLYSH_OPERATIONS_WORKER}, default true; connectors-admin turns it off)
 * @param pollInterval how often the worker looks for queued runs
 * @param batchSize   records per batch: one transaction, one checkpoint, one progress update
 * @param groupPrefix consumer group of a replay is this plus its run id: never the live processor's group
 * @param staleAfter  a run still "running" without progress for this long may be resumed (its runner died)
 */
@Validated
@ConfigurationProperties("poblysh.operations")
record OperationsProperties(boolean worker, @NotNull Duration pollInterval, @Min(1) int batchSize,
                            @NotBlank String groupPrefix, @NotNull Duration staleAfter) {
}
