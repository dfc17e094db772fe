package com.poblysh.connectors.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sizes and knobs of one bench run. Defaults fit the whole run in well under 10 minutes on a 2-core machine;
 * every value can be raised for a bigger one with {@code --name=value} or the environment variable
 * {@code BENCH_NAME} (upper snake case), the flag winning.
 *
 * @param scenarios            which scenarios run: {@code ingest,drain,e2e,query}
 * @param partitions           partitions of {@code connectors.raw-events} (the contract's default, 12)
 * @param ingestWarmupSeconds  unreported warm-up before the ingest steps: the JIT needs about half a minute on two
 *                             cores before a webhook costs what it will (measured: CPU per webhook halves)
 * @param ingestStepSeconds    length of one ingest concurrency step
 * @param ingestConcurrency    concurrency steps, tried in order until throughput stops rising
 * @param ingestTenants        tenants the ingest requests are spread over
 * @param drainEvents          raw events pre-filled for the processor drain
 * @param drainTenants         tenants of the drain (skewed: tenant i gets a share proportional to 1/i^1.1)
 * @param drainWarmupEvents    raw events drained (untimed) first, so the JIT has compiled the processor's paths
 * @param e2eRates             offered webhook rates (per second) of the end-to-end scenario
 * @param e2eSeconds           how long each rate is offered
 * @param e2eTenants           tenants of the end-to-end scenario
 * @param e2eConnections       HTTP connections the open-loop sender may use at once
 * @param e2eProbesPerSecond   events per second whose visibility is polled (every n-th event, n = rate / this)
 * @param querySignals         signals bulk-loaded for the query scenario
 * @param queryTenants         tenants of the query scenario (skewed like the drain)
 * @param querySamples         measured requests per filter combination and page, for HTTP and for JDBC each
 * @param queryDeepPage        the deep page measured (pages walked before it = this - 1)
 * @param resultsDir           where the JSON result and the service log go
 */
public record BenchSettings(
        Set<String> scenarios, int partitions,
        int ingestWarmupSeconds, int ingestStepSeconds, List<Integer> ingestConcurrency, int ingestTenants,
        int drainEvents, int drainTenants, int drainWarmupEvents,
        List<Integer> e2eRates, int e2eSeconds, int e2eTenants, int e2eConnections, int e2eProbesPerSecond,
        int querySignals, int queryTenants, int querySamples, int queryDeepPage,
        Path resultsDir) {

    static final List<String> ALL_SCENARIOS = List.of("ingest", "drain", "e2e", "query");

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("scenarios", String.join(",", ALL_SCENARIOS));
        d.put("partitions", "12");
        d.put("ingest-warmup-seconds", "30");
        d.put("ingest-step-seconds", "6");
        d.put("ingest-concurrency", "4,8,16,32,64,128");
        d.put("ingest-tenants", "1000");
        d.put("drain-events", "200000");
        d.put("drain-tenants", "1000");
        d.put("drain-warmup-events", "20000");
        d.put("e2e-rates", "100,250,500,1000,2000");
        d.put("e2e-seconds", "20");
        d.put("e2e-tenants", "16");
        d.put("e2e-connections", "64");
        d.put("e2e-probes-per-second", "100");
        d.put("query-signals", "1000000");
        d.put("query-tenants", "1000");
        d.put("query-samples", "500");
        d.put("query-deep-page", "51");
        d.put("results-dir", Path.of("bench").toFile().isDirectory() ? "bench/results" : "results");
        return d;
    }

    /** Settings from {@code --name=value} flags over {@code BENCH_*} variables over the defaults. */
    public static BenchSettings parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (String name : DEFAULTS.keySet()) {
            String fromEnv = env.get("BENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(name, fromEnv.trim());
            }
        }
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(usage());
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0 || !DEFAULTS.containsKey(arg.substring(2, eq))) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + usage());
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1).trim());
        }
        return fromValues(values);
    }

    static BenchSettings fromValues(Map<String, String> v) {
        Set<String> scenarios = Set.copyOf(Arrays.stream(v.get("scenarios").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL_SCENARIOS);
            }
        }
        return new BenchSettings(scenarios, positive(v, "partitions"),
                positive(v, "ingest-warmup-seconds"), positive(v, "ingest-step-seconds"),
                ints(v, "ingest-concurrency"), positive(v, "ingest-tenants"),
                positive(v, "drain-events"), positive(v, "drain-tenants"), positive(v, "drain-warmup-events"),
                ints(v, "e2e-rates"), positive(v, "e2e-seconds"), positive(v, "e2e-tenants"),
                positive(v, "e2e-connections"), positive(v, "e2e-probes-per-second"),
                positive(v, "query-signals"), positive(v, "query-tenants"), positive(v, "query-samples"),
                Math.max(2, positive(v, "query-deep-page")),
                Path.of(v.get("results-dir")));
    }

    /** Every knob with its default, for {@code --help} and the README. */
    static String usage() {
        StringBuilder s = new StringBuilder("Flags (or BENCH_<NAME> environment variables):\n");
        DEFAULTS.forEach((k, d) -> s.append("  --").append(k).append('=').append(d).append('\n'));
        return s.toString();
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    /** The settings as name → value, recorded with the results. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scenarios", ALL_SCENARIOS.stream().filter(scenarios::contains).toList());
        d.put("partitions", partitions);
        d.put("ingest_warmup_seconds", ingestWarmupSeconds);
        d.put("ingest_step_seconds", ingestStepSeconds);
        d.put("ingest_concurrency", ingestConcurrency);
        d.put("ingest_tenants", ingestTenants);
        d.put("drain_events", drainEvents);
        d.put("drain_tenants", drainTenants);
        d.put("drain_warmup_events", drainWarmupEvents);
        d.put("e2e_rates", e2eRates);
        d.put("e2e_seconds", e2eSeconds);
        d.put("e2e_tenants", e2eTenants);
        d.put("e2e_connections", e2eConnections);
        d.put("e2e_probes_per_second", e2eProbesPerSecond);
        d.put("query_signals", querySignals);
        d.put("query_tenants", queryTenants);
        d.put("query_samples", querySamples);
        d.put("query_deep_page", queryDeepPage);
        return d;
    }

    private static int positive(Map<String, String> v, String name) {
        int value;
        try {
            value = Integer.parseInt(v.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got " + v.get(name));
        }
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be positive, got " + value);
        }
        return value;
    }

    private static List<Integer> ints(Map<String, String> v, String name) {
        try {
            List<Integer> list = Arrays.stream(v.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).toList();
            if (list.isEmpty() || list.stream().anyMatch(i -> i < 1)) {
                throw new NumberFormatException();
            }
            return list;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a comma-separated list of positive integers, got "
                    + v.get(name));
        }
    }
}
