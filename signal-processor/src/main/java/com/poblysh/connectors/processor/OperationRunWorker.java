package com.poblysh.connectors.processor;

import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.processor.operations.OperationRun;
import com.poblysh.connectors.processor.operations.Operations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the replays and redrives that query-api's operator endpoints queued, one at a time on this instance; two
 * processors racing for one run are settled by the claim ({@code operation_runs} status), and a cancel asked over
 * HTTP stops the run at its next batch. Off in connectors-admin, which runs its own.
 */
@Component
@ConditionalOnProperty(name = "poblysh.operations.worker", havingValue = "true", matchIfMissing = true)
class OperationRunWorker {

    private static final Logger log = LoggerFactory.getLogger(OperationRunWorker.class);

    private final OperationRunStore runs;
    private final Operations operations;

    OperationRunWorker(OperationRunStore runs, Operations operations) {
        this.runs = runs;
        this.operations = operations;
    }

    @Scheduled(fixedDelayString = "${poblysh.operations.poll-interval}")
    void runQueued() {
        Optional<UUID> queued = runs.oldestQueued();
        while (queued.isPresent()) {
            UUID id = queued.get();
            try {
                OperationRun run = operations.run(id, progress -> { }, () -> false);
                log.info("Operation run {} ({}) ended {}: {}", id, run.kind(), run.status(), run.progress());
            } catch (IllegalStateException e) {
                // Another processor claimed it first (or it was cancelled meanwhile).
                log.debug("Operation run {} not taken: {}", id, e.getMessage());
            }
            queued = runs.oldestQueued().filter(next -> !next.equals(id));
        }
    }
}
