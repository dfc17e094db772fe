package com.poblysh.connectors.query.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.pagination.Cursor;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /signals} is served by indexes: with 100,000 signals of 20 tenants spread over every monthly
 * partition (and the default one), after {@code ANALYZE}, {@code EXPLAIN} of the repository's own SQL shows no
 * sequential scan on any {@code signals} partition, for every combination of the five filters, on the first page
 * and with a cursor.
 */
@QueryApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalsIndexUsageIntegrationTests {

    static final int ROWS = 100_000;
    static final int TENANTS = 20;
    static final List<String> KINDS = List.of("pr_opened", "pr_merged", "issue_created", "issue_comment",
            "message_posted", "reaction_added", "email_received", "file_updated");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    final String seed = UUID.randomUUID().toString();
    UUID tenant;
    UUID connection;

    @BeforeAll
    void insertOneHundredThousandSignals() {
        // One statement: tenant i % 20, a connection per tenant and provider, occurred_at from 150 days back to 90
        // days ahead, so every monthly partition (created 3 months either side of now) holds rows and the oldest
        // land in signals_default. An EMPTY partition is seq-scanned by the planner at zero cost (there is nothing
        // to read), which says nothing about indexes: partitions with rows are what this test is about.
        jdbc.sql("""
                INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at,
                                     source_event_id, dedupe_key)
                SELECT gen_random_uuid(),
                       md5(:seed || (i % :tenants))::uuid,
                       (ARRAY['github', 'jira', 'slack', 'microsoft_graph'])[i % 4 + 1],
                       md5(:seed || (i % :tenants) || '-' || (i % 4))::uuid,
                       (CAST(:kinds AS text[]))[i % 8 + 1],
                       now() + interval '90 days' - (i % 240) * interval '1 day' - (i % 86400) * interval '1 second',
                       now(),
                       gen_random_uuid(),
                       :seed || '-' || i
                FROM generate_series(1, :rows) AS i""")
                .param("seed", seed)
                .param("tenants", TENANTS)
                .param("kinds", KINDS.toArray(String[]::new))
                .param("rows", ROWS)
                .update();
        jdbc.sql("ANALYZE signals").update();
        tenant = jdbc.sql("SELECT md5(:seed || 0)::uuid").param("seed", seed).query(UUID.class).single();
        connection = jdbc.sql("SELECT md5(:seed || 0 || '-' || 0)::uuid").param("seed", seed).query(UUID.class)
                .single();
    }

    @TestFactory
    Stream<DynamicTest> noFilterCombinationScansASignalsPartitionSequentially() {
        return IntStream.range(0, 1 << 5).boxed().flatMap(mask -> Stream.of(false, true).map(withCursor -> {
            SignalFilter filter = filter(mask);
            String name = describe(filter) + (withCursor ? " + cursor" : "");
            return DynamicTest.dynamicTest(name, () -> {
                JsonNode plan = explain(filter, withCursor);
                List<String> scans = new ArrayList<>();
                collectScans(plan, scans);
                assertThat(scans).as("plan of %s:%n%s", name, plan.toPrettyString())
                        .noneMatch(scan -> scan.startsWith("Seq Scan on signals"))
                        .anyMatch(scan -> scan.contains("on signals"));
            });
        }));
    }

    private SignalFilter filter(int mask) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new SignalFilter(
                (mask & 1) != 0 ? Provider.GITHUB : null,
                (mask & 2) != 0 ? connection : null,
                (mask & 4) != 0 ? SignalKind.PR_MERGED : null,
                (mask & 8) != 0 ? now.minus(30, ChronoUnit.DAYS) : null,
                (mask & 16) != 0 ? now.minus(1, ChronoUnit.DAYS) : null);
    }

    private JsonNode explain(SignalFilter filter, boolean withCursor) {
        TenantId tenantId = TenantId.of(tenant);
        Cursor after = withCursor ? Cursor.of(tenantId, filter.scope(),
                Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS), UUID.randomUUID()) : null;
        SignalRepository.Query query = SignalRepository.listQuery(filter, new PageRequest(tenantId, filter.scope(), 50,
                after), false);
        String plan = jdbc.sql("EXPLAIN (FORMAT JSON) " + query.sql()).params(query.params()).query(String.class)
                .single();
        return json.readTree(plan).get(0).get("Plan");
    }

    /** Every scan node as "<node type> on <relation>", depth first. */
    private static void collectScans(JsonNode node, List<String> scans) {
        if (node.has("Relation Name")) {
            scans.add(node.get("Node Type").asString() + " on " + node.get("Relation Name").asString());
        }
        if (node.has("Plans")) {
            node.get("Plans").forEach(child -> collectScans(child, scans));
        }
    }

    private static String describe(SignalFilter filter) {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("provider", filter.provider());
        set.put("connection_id", filter.connectionId());
        set.put("kind", filter.kind());
        set.put("occurred_after", filter.occurredAfter());
        set.put("occurred_before", filter.occurredBefore());
        List<String> names = set.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey)
                .toList();
        return names.isEmpty() ? "no filter" : String.join(" + ", names);
    }
}
