package com.poblysh.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the harness compiling and working: every scenario on tiny sizes against the real stack. It checks that the
 * numbers are sane (something was measured, every event landed, HTTP and JDBC agreed), never how fast anything is.
 */
class BenchSmokeTests {

    @Test
    void runsEveryScenarioOnTinySizesAndEveryEventLands(@TempDir Path results) throws Exception {
        BenchSettings settings = BenchSettings.parse(new String[] {
                "--partitions=3",
                "--ingest-warmup-seconds=1", "--ingest-step-seconds=1", "--ingest-concurrency=1,2",
                "--ingest-tenants=20",
                "--drain-events=300", "--drain-tenants=30", "--drain-warmup-events=50",
                "--e2e-rates=40", "--e2e-seconds=2", "--e2e-tenants=4", "--e2e-connections=4",
                "--query-signals=3000", "--query-tenants=30", "--query-samples=10", "--query-deep-page=3",
                "--results-dir=" + results}, Map.of());

        Bench.Outcome outcome = Bench.run(settings, System.getenv());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(outcome.json()));
        JsonNode ingest = json.at("/scenarios/ingest");
        assertThat(ingest.path("steps")).hasSize(2);
        for (JsonNode step : ingest.path("steps")) {
            assertThat(step.path("accepted").asLong()).isPositive();
            assertThat(step.path("failed").asLong()).isZero();
            assertThat(step.at("/latency/p99_ms").asDouble()).isPositive();
        }
        assertThat(ingest.at("/baseline_producer_sync/accepted").asLong()).isPositive();
        assertThat(ingest.path("baseline_producer_pipelined_per_second").asLong()).isPositive();
        assertThat(ingest.at("/payload_bytes/min").asInt()).isGreaterThanOrEqualTo(2_000);
        assertThat(ingest.at("/payload_bytes/max").asInt()).isLessThanOrEqualTo(8_192);

        JsonNode processor = json.at("/scenarios/processor");
        assertThat(processor.path("processor_signals_per_second").asLong()).isPositive();
        assertThat(processor.at("/baseline_insert/rows").asLong()).isEqualTo(300);
        assertThat(processor.at("/baseline_copy/rows").asLong()).isEqualTo(300);

        JsonNode run = json.at("/scenarios/end_to_end/runs/0");
        assertThat(run.path("offered").asLong()).isEqualTo(80);
        assertThat(run.path("accepted").asLong()).isEqualTo(80);
        assertThat(run.path("stored").asLong()).isEqualTo(80);
        assertThat(run.path("lost").asLong()).isZero();
        assertThat(run.path("probes_seen").asLong()).isEqualTo(run.path("probes").asLong()).isPositive();
        assertThat(run.at("/end_to_end/p99_ms").asDouble()).isPositive();
        assertThat(run.at("/watch_cycle/count").asLong()).isPositive();

        assertThat(json.at("/scenarios/query/http_floor/count").asLong()).isEqualTo(10);
        JsonNode requests = json.at("/scenarios/query/requests");
        assertThat(requests.size()).isGreaterThanOrEqualTo(8);
        for (JsonNode request : requests) {
            assertThat(request.at("/http/count").asLong()).isEqualTo(10);
            assertThat(request.at("/jdbc/count").asLong()).isEqualTo(10);
            assertThat(request.path("result_mismatches").asInt()).isZero();
        }
        assertThat(json.at("/scenarios/ingest/memory/heap_used_peak_bytes").asLong()).isPositive();
        assertThat(json.at("/scenarios/processor/memory/heap_after_gc_peak_bytes").asLong()).isPositive();
        assertThat(json.path("table").size()).isEqualTo(outcome.report().rows().size());
        List<String> scenarios = outcome.report().rows().stream().map(Row::scenario).distinct().toList();
        assertThat(scenarios).containsExactly("1 ingest", "2 processor", "3 end-to-end", "4 query", "5 memory");
    }
}
