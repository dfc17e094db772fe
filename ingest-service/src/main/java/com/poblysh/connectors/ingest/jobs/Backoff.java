package com.poblysh.connectors.ingest.jobs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a job waits after a transient failure: {@code min(5·2^failures, 900)} seconds (contract §9), where
 * {@code failures} is the number of its runs that failed before this one, shortened by up to a fifth at random so
 * jobs that failed together (a provider outage) do not retry together.
 */
final class Backoff {

    static final Duration BASE = Duration.ofSeconds(5);
    static final Duration MAX = Duration.ofSeconds(900);
    /** The largest share of the delay jitter takes off. */
    static final double JITTER = 0.2;

    private final DoubleSupplier random;

    Backoff() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} answers values in {@code [0, 1)}. */
    Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /** The delay before the next run of a job that had failed {@code failures} times before the one that just did. */
    Duration delay(int failures) {
        long seconds = failures >= 8 ? MAX.toSeconds() : Math.min(BASE.toSeconds() << Math.max(0, failures),
                MAX.toSeconds());
        long millis = seconds * 1000;
        return Duration.ofMillis(millis - (long) (millis * JITTER * random.getAsDouble()));
    }
}
