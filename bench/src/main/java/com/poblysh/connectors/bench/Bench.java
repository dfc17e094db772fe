package com.poblysh.connectors.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark: starts the pipeline in this JVM against a throw-away database, runs the scenarios (ingest,
 * processor drain, end-to-end latency, query; memory is watched during the first three), prints one table where
 * every figure stands next to a baseline measured in the same run, writes the same figures as JSON under
 * {@code bench/results/}, and cleans up. {@code --help} lists the sizes, which flags or {@code BENCH_*} variables
 * raise for bigger machines.
 */
public final class Bench {

    private Bench() {
    }

    /** The table and the JSON file of a finished run. */
    public record Outcome(Report report, Path json) {
    }

    public static void main(String[] args) {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path log = Files.isDirectory(Path.of("bench", "target")) ? Path.of("bench", "target", "bench-services.log")
                : Path.of("target").toFile().isDirectory() ? Path.of("target", "bench-services.log")
                : Path.of(System.getProperty("java.io.tmpdir"), "poblysh-bench-services.log");
        System.setProperty("bench.log.file", log.toString());
        int code = 0;
        try {
            run(settings, System.getenv());
            System.out.println("Service logs: " + log);
        } catch (Exception e) {
            System.err.println("Bench failed: " + e);
            e.printStackTrace();
            System.err.println("Service logs: " + log);
            code = 1;
        }
        // Kafka and Tomcat leave non-daemon threads behind; everything is closed by now.
        System.exit(code);
    }

    /** Runs the scenarios of {@code settings}; the stack and its database are gone when this returns. */
    public static Outcome run(BenchSettings settings, Map<String, String> env) throws Exception {
        Instant startedAt = Instant.now();
        long begin = System.nanoTime();
        Progress.say("starting Kafka, the schema registry and the three services (database poblysh_bench_*)");
        BenchStack stack = BenchStack.start(env, settings.partitions());
        Thread cleanup = new Thread(stack::close, "bench-cleanup");
        MemoryWatch memory = new MemoryWatch();
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Progress.say(String.format(Locale.ROOT, "stack up in %.1f s (database %s)",
                    (System.nanoTime() - begin) / 1e9, stack.databaseName()));
            Report report = new Report(startedAt, machine(stack), settings.describe());
            Map<String, Object> idle = idleMemory(memory);
            report.section("memory_idle_after_start", idle);
            if (settings.runs("ingest")) {
                report.section("ingest", new IngestScenario(stack, settings).run(report, memory));
            }
            if (settings.runs("drain")) {
                report.section("processor", new DrainScenario(stack, settings).run(report, memory));
            }
            if (settings.runs("e2e")) {
                report.section("end_to_end", new EndToEndScenario(stack, settings).run(report, memory));
            }
            if (settings.runs("query")) {
                report.section("query", new QueryScenario(stack, settings).run(report));
            }
            memoryRows(report, idle);
            report.section("load_average_at_end", loadAverage());
            report.finish((System.nanoTime() - begin) / 1e9);
            System.out.println();
            report.print(System.out);
            Path json = report.write(settings.resultsDir(), startedAt);
            System.out.printf(Locale.ROOT, "%nWrote %s; wall time %.0f s%n", json, (System.nanoTime() - begin) / 1e9);
            return new Outcome(report, json);
        } finally {
            Progress.say("stopping the stack and dropping " + stack.databaseName());
            memory.close();
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static Map<String, Object> idleMemory(MemoryWatch memory) throws InterruptedException {
        memory.begin();
        Thread.sleep(300);
        return memory.end();
    }

    private static void memoryRows(Report report, Map<String, Object> idle) {
        String[][] phases = {{"ingest", "during 1 ingest"}, {"processor", "during 2 drain"},
                {"end_to_end", "during 3 end-to-end"}};
        for (String[] phase : phases) {
            Map<String, Object> section = report.section(phase[0]);
            if (section == null || !(section.get("memory") instanceof Map<?, ?> m)) {
                continue;
            }
            report.add(Row.info("5 memory", phase[1] + ": CPU cores used (bench JVM / PostgreSQL / other processes)",
                    m.get("cpu_cores_bench_jvm") + " / " + m.get("cpu_cores_postgres") + " / "
                            + m.get("cpu_cores_other_processes")));
            report.add(new Row("5 memory", phase[1] + ": heap after GC / in use / RSS, peaks",
                    mib(m, "heap_after_gc_peak_bytes") + " / " + mib(m, "heap_used_peak_bytes") + " / "
                            + mib(m, "rss_peak_bytes"),
                    "idle after start: " + mib(idle, "heap_after_gc_peak_bytes") + " / "
                            + mib(idle, "heap_used_peak_bytes") + " / " + mib(idle, "rss_now_bytes"),
                    "", "", ""));
        }
        report.add(Row.info("5 memory", "note", "one JVM holds the 3 services, the broker and the load generator; "
                + "figures are per JVM, not per service"));
    }

    private static String mib(Map<?, ?> figures, String key) {
        return Report.mib(((Number) figures.get(key)).longValue());
    }

    private static Map<String, Object> machine(BenchStack stack) throws IOException, SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", procLine(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory_total", procLine(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("heap_max_bytes", Runtime.getRuntime().maxMemory());
        m.put("load_average_at_start", loadAverage());
        try (Connection c = stack.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            m.put("postgres", rs.getString(1));
        }
        return m;
    }

    /** 1, 5 and 15 minute load averages: other work on a shared machine shows here. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String procLine(Path file, String key) throws IOException {
        if (!Files.isReadable(file)) {
            return "unknown";
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }
}
