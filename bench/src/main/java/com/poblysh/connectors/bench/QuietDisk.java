package com.poblysh.connectors.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Flushes what earlier work left dirty before a timed phase: PostgreSQL's buffers (CHECKPOINT) and the kernel's
 * page cache ({@code sync}), which holds the broker's log segments. Otherwise the kernel writes back a pre-fill's
 * gigabyte about 30 s later, in the middle of the next measurement, and every commit's fsync waits behind it.
 */
final class QuietDisk {

    private QuietDisk() {
    }

    /** Seconds the flush took. */
    static double flush(BenchStack stack) throws SQLException, InterruptedException {
        long begin = System.nanoTime();
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException noSync) {
            // not on Linux or no coreutils: the checkpoint alone must do
        }
        return (System.nanoTime() - begin) / 1e9;
    }
}
