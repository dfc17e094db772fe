package com.poblysh.connectors.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every OS process the suite starts, so none outlives it: {@link #killAll()} runs from the suite's {@code @AfterAll}
 * and from a JVM shutdown hook (a failed or interrupted run too). Each is ended by its own handle, never by name.
 */
final class ChildProcesses {

    private static final List<Process> STARTED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "kill-reliability-processes"));
    }

    private ChildProcesses() {
    }

    /** {@code process}, now tracked. */
    static synchronized Process track(Process process) {
        STARTED.add(process);
        return process;
    }

    /** Kills (SIGKILL) every tracked process still alive, waits for each to be gone; returns those that are not. */
    static List<Process> killAll() {
        List<Process> all;
        synchronized (ChildProcesses.class) {
            all = new ArrayList<>(STARTED);
            STARTED.clear();
        }
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all.stream().filter(Process::isAlive).toList();
    }
}
