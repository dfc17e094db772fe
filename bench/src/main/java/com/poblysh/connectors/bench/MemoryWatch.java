package com.poblysh.connectors.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

/**
 * Peak memory of one phase. The three services, the broker and the load generator share this JVM (as in the local
 * run), so memory cannot be split per service honestly; what is reported is what the JVM and the kernel measure:
 * the peak of heap left after each GC of the phase (what was live, roughly), the peak of heap in use including
 * garbage (sampled every 50 ms, summed over pools at one instant), each pool's own peak, GC work, and the process's
 * peak resident set ({@code VmHWM} of /proc/self/status, reset at the phase start by writing 5 to
 * /proc/self/clear_refs where the kernel allows it). A full GC before the phase keeps the previous phase's garbage
 * out of its figures.
 */
final class MemoryWatch {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private volatile boolean sampling;
    private volatile long peakHeapUsed;
    private volatile long peakHeapCommitted;
    private Thread sampler;
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private boolean hwmReset;
    private long startNanos;
    private long machineBusyAtStart;
    private long jvmCpuAtStart;
    private CpuMeter.Snapshot cpuAtStart;
    private volatile long peakAfterGc;
    private final NotificationListener afterGc = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            long heap = 0;
            for (MemoryPoolMXBean pool : pools) {
                if (pool.getType() == MemoryType.HEAP && info.getMemoryUsageAfterGc().containsKey(pool.getName())) {
                    heap += info.getMemoryUsageAfterGc().get(pool.getName()).getUsed();
                }
            }
            synchronized (this) {
                peakAfterGc = Math.max(peakAfterGc, heap);
            }
        }
    };

    MemoryWatch() {
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
            }
        }
    }

    /** Starts watching a phase: resets the pools' peaks and the process's high-water mark. */
    void begin() {
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        synchronized (this) {
            peakAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        hwmReset = resetHighWaterMark();
        startNanos = System.nanoTime();
        machineBusyAtStart = machineBusyNanos();
        jvmCpuAtStart = jvmCpuNanos();
        cpuAtStart = CpuMeter.take();
        gcCountAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        gcMillisAtStart = collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        peakHeapUsed = 0;
        peakHeapCommitted = 0;
        sampling = true;
        sampler = new Thread(this::sample, "bench-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Ends the phase and answers its figures (bytes, counts, milliseconds). */
    Map<String, Object> end() {
        sampling = false;
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heap_after_gc_peak_bytes", peakAfterGc);
        m.put("heap_used_peak_bytes", peakHeapUsed);
        m.put("heap_committed_peak_bytes", peakHeapCommitted);
        m.put("heap_max_bytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax());
        Map<String, Long> poolPeaks = new LinkedHashMap<>();
        for (MemoryPoolMXBean pool : pools) {
            if (pool.isValid() && pool.getPeakUsage() != null) {
                poolPeaks.put((pool.getType() == MemoryType.HEAP ? "heap: " : "non-heap: ") + pool.getName(),
                        pool.getPeakUsage().getUsed());
            }
        }
        m.put("pool_peak_used_bytes", poolPeaks);
        m.put("gc_count", collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum()
                - gcCountAtStart);
        m.put("gc_millis", collectors.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum()
                - gcMillisAtStart);
        m.put("rss_peak_bytes", statusKib("VmHWM:") * 1024);
        m.put("rss_peak_is_phase_peak", hwmReset);
        m.put("rss_now_bytes", statusKib("VmRSS:") * 1024);
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        // Who used the machine meanwhile, in cores: this JVM, PostgreSQL, and everything else (other work on a
        // shared machine, which the figures of this phase suffered from).
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long jvm = jvmCpuNanos() - jvmCpuAtStart;
        long postgres = CpuMeter.postgresNanos(cpuAtStart, CpuMeter.take());
        long machine = machineBusyNanos() - machineBusyAtStart;
        m.put("cpu_cores_bench_jvm", Latencies.round(jvm / 1e9 / seconds));
        m.put("cpu_cores_postgres", Latencies.round(postgres / 1e9 / seconds));
        m.put("cpu_cores_other_processes", machine <= 0 ? -1
                : Latencies.round(Math.max(0, machine - jvm - postgres) / 1e9 / seconds));
        return m;
    }

    /** Stops listening to GC notifications. */
    void close() {
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(afterGc);
                } catch (ListenerNotFoundException ignored) {
                    // never added
                }
            }
        }
    }

    private void sample() {
        while (sampling) {
            long used = 0;
            long committed = 0;
            for (MemoryPoolMXBean pool : pools) {
                if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                    used += pool.getUsage().getUsed();
                    committed += pool.getUsage().getCommitted();
                }
            }
            peakHeapUsed = Math.max(peakHeapUsed, used);
            peakHeapCommitted = Math.max(peakHeapCommitted, committed);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** Busy CPU time of the whole machine (user, nice, system, irq, softirq, steal) from /proc/stat. */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
