package com.poblysh.connectors.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/** HdrHistogram helpers: latencies are recorded in microseconds (3 significant digits, up to 5 minutes). */
final class Latencies {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(5);

    private Latencies() {
    }

    static Histogram histogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    static void recordNanos(Histogram h, long nanos) {
        h.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1_000)));
    }

    /** Milliseconds at {@code percentile} (0-100), three decimals. */
    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : round(h.getValueAtPercentile(percentile) / 1000.0);
    }

    /** count, mean, p50, p95, p99, p99.9 and max in milliseconds, for the JSON result. */
    static Map<String, Object> summary(Histogram h) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", h.getTotalCount());
        s.put("mean_ms", h.getTotalCount() == 0 ? 0 : round(h.getMean() / 1000.0));
        s.put("p50_ms", ms(h, 50));
        s.put("p95_ms", ms(h, 95));
        s.put("p99_ms", ms(h, 99));
        s.put("p999_ms", ms(h, 99.9));
        s.put("max_ms", h.getTotalCount() == 0 ? 0 : round(h.getMaxValue() / 1000.0));
        return s;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
