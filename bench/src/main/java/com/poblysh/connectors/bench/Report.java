package com.poblysh.connectors.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The result of one run: the table rows and, per scenario, the detailed figures written as JSON. */
final class Report {

    private static final String[] HEADERS = {"scenario", "figure", "value", "baseline (same run)", "ratio", "aim",
            "met"};

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final Map<String, Object> scenarios = new LinkedHashMap<>();

    Report(Instant startedAt, Map<String, Object> machine, Map<String, Object> settings) {
        json.put("started_at", startedAt.toString());
        json.put("machine", machine);
        json.put("settings", settings);
        json.put("scenarios", scenarios);
    }

    void add(Row row) {
        rows.add(row);
    }

    void section(String scenario, Object details) {
        scenarios.put(scenario, details);
    }

    List<Row> rows() {
        return rows;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String scenario) {
        return (Map<String, Object>) scenarios.get(scenario);
    }

    void finish(double wallSeconds) {
        json.put("wall_seconds", Latencies.round(wallSeconds));
        List<Map<String, String>> table = new ArrayList<>();
        for (Row r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("scenario", r.scenario());
            m.put("figure", r.figure());
            m.put("value", r.value());
            m.put("baseline", r.baseline());
            m.put("ratio", r.ratio());
            m.put("aim", r.aim());
            m.put("met", r.met());
            table.add(m);
        }
        json.put("table", table);
    }

    /** The table, as plain text (also what docs/benchmarks.md shows). */
    void print(PrintStream out) {
        int[] width = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            width[i] = HEADERS[i].length();
        }
        for (Row r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, HEADERS, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("|").append("-".repeat(w + 2));
        }
        s.append(rule).append("|\n");
        for (Row r : rows) {
            line(s, cells(r), width);
        }
        out.print(s);
        out.flush();
    }

    private static String[] cells(Row r) {
        return new String[] {r.scenario(), r.figure(), r.value(), r.baseline(), r.ratio(), r.aim(), r.met()};
    }

    private static void line(StringBuilder s, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            s.append("| ").append(cells[i]).append(" ".repeat(width[i] - cells[i].length() + 1));
        }
        s.append("|\n");
    }

    /** Writes {@code bench-<utc timestamp>.json} into {@code dir} and answers its path. */
    Path write(Path dir, Instant startedAt) throws IOException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(startedAt);
        Path file = dir.resolve("bench-" + stamp + ".json");
        JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, mapper.writeValueAsString(json) + "\n");
        return file;
    }

    // ---- formatting shared by the scenarios ----

    static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f/s", value);
    }

    static String ms(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f ms", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f ms", value)
                : String.format(Locale.ROOT, "%.2f ms", value);
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }

    static String met(boolean met) {
        return met ? "yes" : "no";
    }
}
