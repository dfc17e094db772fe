package com.poblysh.connectors.processor.operations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Replays, rebuilds and dead-letter redrives over the processor's own normalization and storage, each recorded as
 * an {@code operation_runs} row; what {@code connectors-admin} and the processor's run worker call.
 */
public interface Operations {

    /** The {@code operation_runs} kind of replays. */
    String REPLAY = "replay";

    /** The {@code operation_runs} kind of dead-letter redrives. */
    String REDRIVE = "redrive";

    /**
     * Records a replay run and answers its id.
     *
     * @param queued true: a processor's run worker takes it (the operator endpoints); false: it is reserved for the
     *               caller, who runs it next with {@link #run} (connectors-admin)
     */
    UUID createReplay(ReplayRequest request, String startedBy, boolean queued);

    /** Records a redrive run and answers its id; {@code queued} as for {@link #createReplay}. */
    UUID createRedrive(RedriveRequest request, String startedBy, boolean queued);

    /**
     * Runs (or resumes) run {@code id} on this thread until it is done, cancelled or fails. A resumed run goes on
     * from its checkpoint with the counts it had.
     *
     * @param progress  told after every batch
     * @param interrupt checked between batches: true stops the run as cancelled (Ctrl-C); a cancel requested on its
     *                  row stops it too
     * @return the run as it ended
     * @throws IllegalStateException when it cannot be run (unknown, succeeded, or running elsewhere)
     */
    OperationRun run(UUID id, Consumer<Progress> progress, BooleanSupplier interrupt);

    /** The run, if it exists. */
    Optional<OperationRun> find(UUID id);

    /** The latest runs of a kind (or of every kind when null), newest first. */
    List<OperationRun> latest(String kind, int limit);

    /**
     * Asks run {@code id} to stop: a queued one is cancelled now, a running one at its next batch.
     *
     * @return the run, if it exists
     */
    Optional<OperationRun> cancel(UUID id);

    /** The dead letters matching {@code filter}, oldest first, at most {@code limit}. */
    List<DeadLetter> deadLetters(RedriveRequest filter, int limit);

    /** The dead letter at {@code partition:offset} of the dead-letter topic. */
    Optional<DeadLetter> deadLetter(int partition, long offset);

    /**
     * Lag of every consumer group of {@code connectors.raw-events} (or only {@code group}), per partition, sampling
     * committed offsets twice {@code sample} apart for the rate.
     */
    List<GroupLag> lag(String group, Duration sample);
}
