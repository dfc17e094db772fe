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
import com.poblysh.connectors.query.pagination.ListQuery;
import com.poblysh.connectors.query.pagination.PageRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /signals} is served by indexes: with 100,000 signals of 20 tenants spread evenly over every
 * {@code signals} partition (the monthly ones and the default one, ranges read from the partitions themselves),
 * after {@code ANALYZE}, {@code EXPLAIN} of the repository's own SQL shows no sequential scan on any partition,
 * for every combination of the five filters, on the first page and with a cursor, with "now" (which the time
 * filters and cursors are relative to) on the first and the last day of a month as well as today.
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
    List<Range> ranges;

    /** The time range whose rows a partition holds; the default partition gets the 60 days before the first. */
    record Range(String partition, Instant from, Instant to) {
    }

    @BeforeAll
    void insertOneHundredThousandSignalsEvenlyOverEveryPartition() {
        ranges = partitionRanges();
        String[] from = ranges.stream().map(range -> range.from().toString()).toArray(String[]::new);
        String[] to = ranges.stream().map(range -> range.to().toString()).toArray(String[]::new);
        // Row i goes to range i % n at a spread-out point inside it: every partition holds about the same number
        // of rows whatever today's date, because an almost empty partition is rightly seq-scanned by the planner
        // (there is nothing to read), which says nothing about indexes.
        jdbc.sql("""
                INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at,
                                     source_event_id, dedupe_key)
                SELECT gen_random_uuid(),
                       md5(:seed || (i % :tenants))::uuid,
                       (ARRAY['github', 'jira', 'slack', 'microsoft_graph'])[i % 4 + 1],
                       md5(:seed || (i % :tenants) || '-' || (i % 4))::uuid,
                       (CAST(:kinds AS text[]))[i % 8 + 1],
                       lo + (hi - lo - interval '1 microsecond') * (((i / n) * 7919) % 10007) / 10006.0,
                       now(),
                       gen_random_uuid(),
                       :seed || '-' || i
                FROM generate_series(1, :rows) AS i,
                     LATERAL (SELECT cardinality(CAST(:from AS timestamptz[])) AS n) AS c,
                     LATERAL (SELECT (CAST(:from AS timestamptz[]))[i % n + 1] AS lo,
                                     (CAST(:to AS timestamptz[]))[i % n + 1] AS hi) AS r""")
                .param("seed", seed)
                .param("tenants", TENANTS)
                .param("kinds", KINDS.toArray(String[]::new))
                .param("rows", ROWS)
                .param("from", from)
                .param("to", to)
                .update();
        jdbc.sql("ANALYZE signals").update();
        tenant = jdbc.sql("SELECT md5(:seed || 0)::uuid").param("seed", seed).query(UUID.class).single();
        connection = jdbc.sql("SELECT md5(:seed || 0 || '-' || 0)::uuid").param("seed", seed).query(UUID.class)
                .single();
    }

    @Test
    void everyPartitionHoldsItsShareOfTheRows() {
        Map<String, Long> rowsByPartition = new LinkedHashMap<>();
        jdbc.sql("SELECT tableoid::regclass::text AS p, count(*) AS n FROM signals WHERE dedupe_key LIKE :prefix "
                + "GROUP BY 1").param("prefix", seed + "-%")
                .query((rs, row) -> rowsByPartition.put(rs.getString("p"), rs.getLong("n"))).list();
        long share = ROWS / ranges.size();
        assertThat(rowsByPartition.keySet()).containsExactlyInAnyOrderElementsOf(
                ranges.stream().map(Range::partition).toList());
        assertThat(rowsByPartition.values()).allSatisfy(n -> assertThat(n).isBetween(share - 1, share + 1));
    }

    @TestFactory
    Stream<DynamicNode> noFilterCombinationScansASignalsPartitionSequentially() {
        Instant today = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Range middle = ranges.get(ranges.size() / 2);
        Map<String, Instant> nows = new LinkedHashMap<>();
        nows.put("now today", today);
        nows.put("now on the first day of a month", middle.from().plus(1, ChronoUnit.MINUTES));
        nows.put("now on the last day of a month", middle.to().minus(1, ChronoUnit.MINUTES));
        return nows.entrySet().stream().map(now -> DynamicContainer.dynamicContainer(now.getKey() + " ("
                + now.getValue() + ")", combinations(now.getValue())));
    }

    private Stream<DynamicTest> combinations(Instant now) {
        return IntStream.range(0, 1 << 5).boxed().flatMap(mask -> Stream.of(false, true).map(withCursor -> {
            SignalFilter filter = filter(mask, now);
            String name = describe(filter) + (withCursor ? " + cursor" : "");
            return DynamicTest.dynamicTest(name, () -> {
                JsonNode plan = explain(filter, withCursor, now);
                List<String> scans = new ArrayList<>();
                collectScans(plan, scans);
                assertThat(scans).as("plan of %s:%n%s", name, plan.toPrettyString())
                        .noneMatch(scan -> scan.startsWith("Seq Scan on signals"))
                        .anyMatch(scan -> scan.contains("on signals"));
            });
        }));
    }

    /** Each partition of {@code signals} with the range it holds, oldest first; the default one first of all. */
    private List<Range> partitionRanges() {
        List<Range> monthly = jdbc.sql("""
                SELECT c.relname AS name, b[1]::timestamptz AS lo, b[2]::timestamptz AS hi
                FROM pg_partition_tree('signals') AS t
                JOIN pg_class c ON c.oid = t.relid,
                LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid),
                                     'FROM \\(''([^'']+)''\\) TO \\(''([^'']+)''\\)') AS b
                WHERE t.isleaf AND b IS NOT NULL
                ORDER BY 2""")
                .query((rs, row) -> new Range(rs.getString("name"), rs.getTimestamp("lo").toInstant(),
                        rs.getTimestamp("hi").toInstant()))
                .list();
        assertThat(monthly).as("monthly partitions of signals").hasSizeGreaterThanOrEqualTo(3);
        Instant first = monthly.get(0).from();
        List<Range> all = new ArrayList<>();
        all.add(new Range("signals_default", first.minus(60, ChronoUnit.DAYS), first));
        all.addAll(monthly);
        return all;
    }

    private SignalFilter filter(int mask, Instant now) {
        return new SignalFilter(
                (mask & 1) != 0 ? Provider.GITHUB : null,
                (mask & 2) != 0 ? connection : null,
                (mask & 4) != 0 ? SignalKind.PR_MERGED : null,
                (mask & 8) != 0 ? now.minus(30, ChronoUnit.DAYS) : null,
                (mask & 16) != 0 ? now.minus(1, ChronoUnit.DAYS) : null);
    }

    private JsonNode explain(SignalFilter filter, boolean withCursor, Instant now) {
        TenantId tenantId = TenantId.of(tenant);
        Cursor after = withCursor ? Cursor.of(tenantId, filter.scope(), now.minus(10, ChronoUnit.DAYS),
                UUID.randomUUID()) : null;
        ListQuery query = SignalRepository.listQuery(filter, new PageRequest(tenantId, filter.scope(), 50,
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
