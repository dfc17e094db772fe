package com.poblysh.connectors.processor.operations;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One row of {@code operation_runs} as operators read it.
 *
 * @param id              the run id ({@code --resume} takes it)
 * @param kind            {@code replay} or {@code redrive}
 * @param status          {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code cancelled}
 * @param filters         what it was asked (the request, as stored)
 * @param progress        its counts
 * @param cancelRequested whether it was asked to stop
 * @param startedBy       who asked
 * @param error           why it failed, if it did
 */
public record OperationRun(UUID id, String kind, String status, Map<String, Object> filters, Progress progress,
                           boolean cancelRequested, String startedBy, String error, Instant createdAt,
                           Instant startedAt, Instant finishedAt) {

    /** Whether the run is over (succeeded, failed or cancelled). */
    public boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
