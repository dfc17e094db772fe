package com.poblysh.connectors.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's result: one row per fault, printed and written as a Markdown table, with a note under it per row. */
final class FaultTable {

    /**
     * One fault's counts. {@code sent}: deliveries posted (each retried up to 5 times under its delivery id);
     * {@code accepted}: deliveries answered 202; {@code throttled}: 429/503 answers; {@code noAnswer}: attempts
     * without an HTTP answer (refused, reset, timed out); {@code stored}/{@code deadLettered}: deliveries with a
     * signal / a dead letter of the main group; {@code lost}: 202s with neither; {@code duplicated}: deliveries
     * with more than one result; {@code read}: stored deliveries Core's reader saw exactly once;
     * {@code recoveryMs}: from the fault until every answer is a 202 again and every signal is readable within
     * 5 s of its 202.
     */
    record Row(String fault, int sent, int accepted, int throttled, long slowestThrottledMs, int noAnswer,
               int stored, int deadLettered, int lost, int duplicated, int read, long recoveryMs, String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    /** Replaces {@code old} (a row already added) with {@code row}. */
    synchronized void replace(Row old, Row row) {
        int index = rows.indexOf(old);
        if (index < 0) {
            rows.add(row);
        } else {
            rows.set(index, row);
        }
    }

    synchronized String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | sent | 202 | 429/503 (slowest) | no answer | stored | dead-lettered | lost | duplicated "
                + "| read once via /signals | recovery |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %d | %d | %d | %d | %d | %d | %s |%n",
                    r.fault(), r.sent(), r.accepted(),
                    r.throttled() == 0 ? "0" : r.throttled() + " (" + r.slowestThrottledMs() + " ms)",
                    r.noAnswer(), r.stored(), r.deadLettered(), r.lost(), r.duplicated(), r.read(),
                    r.recoveryMs() < 0 ? "—" : String.format(Locale.ROOT, "%.1f s", r.recoveryMs() / 1000.0)));
        }
        out.append('\n');
        for (Row r : rows) {
            if (!r.note().isBlank()) {
                out.append("- ").append(r.fault()).append(": ").append(r.note()).append('\n');
            }
        }
        return out.toString();
    }
}
