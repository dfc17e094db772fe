package com.poblysh.connectors.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time spent by groups of threads of this JVM (by thread name) and by the PostgreSQL server processes. On a
 * shared 2-core machine throughput swings with whatever else runs, but the CPU one webhook or one row costs does
 * not, so these figures compare runs (and a service with its baseline) where rates cannot.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    /** CPU nanoseconds per live thread (id → name, time) and PostgreSQL's total, at one moment. */
    record Snapshot(Map<Long, Map.Entry<String, Long>> threads, long postgresNanos) {
    }

    private CpuMeter() {
    }

    static Snapshot take() {
        Map<Long, Map.Entry<String, Long>> threads = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu >= 0) {
                threads.put(ids[i], Map.entry(infos[i].getThreadName(), cpu));
            }
        }
        return new Snapshot(threads, postgresNanos());
    }

    /** CPU nanoseconds that threads whose name matches spent between the two snapshots (new threads count whole). */
    static long threadNanos(Snapshot before, Snapshot after, Predicate<String> name) {
        long sum = 0;
        for (Map.Entry<Long, Map.Entry<String, Long>> e : after.threads().entrySet()) {
            if (name.test(e.getValue().getKey())) {
                Map.Entry<String, Long> then = before.threads().get(e.getKey());
                sum += e.getValue().getValue() - (then == null ? 0 : then.getValue());
            }
        }
        return sum;
    }

    /** PostgreSQL's CPU nanoseconds between the snapshots (processes that ended meanwhile are not counted). */
    static long postgresNanos(Snapshot before, Snapshot after) {
        return Math.max(0, after.postgresNanos() - before.postgresNanos());
    }

    /** Microseconds per operation, one decimal. */
    static double micros(long nanos, long operations) {
        return operations == 0 ? 0 : Math.round(nanos / 100.0 / operations) / 10.0;
    }

    private static long postgresNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(stat.indexOf('(') + 1, close);
                    if (comm.startsWith("postgres")) {
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }
}
