package com.poblysh.connectors.processor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a replay to at most {@code perSecond} records per second, so it never takes the database from live traffic
 * (contract §11). Permits are taken per batch; the pause comes before the batch that would exceed the rate.
 */
final class RateLimit {

    private final double nanosPerRecord;
    private long next = System.nanoTime();

    private RateLimit(double perSecond) {
        this.nanosPerRecord = TimeUnit.SECONDS.toNanos(1) / perSecond;
    }

    /** A limit of {@code perSecond}, or none when null. */
    static RateLimit of(Double perSecond) {
        return perSecond == null ? null : new RateLimit(perSecond);
    }

    /** Waits until {@code records} more records keep the rate. */
    void acquire(int records) {
        // Idle time does not build up a burst: a batch starts no earlier than its predecessors' share of time.
        long start = Math.max(next, System.nanoTime());
        next = start + (long) (records * nanosPerRecord);
        long wait;
        while ((wait = start - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Records per poll that keep a burst to a tenth of a second of the rate. */
    static int batchFor(Double perSecond, int batchSize) {
        return perSecond == null ? batchSize : (int) Math.max(1, Math.min(batchSize, perSecond / 10));
    }
}
