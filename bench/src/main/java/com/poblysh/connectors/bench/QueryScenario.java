package com.poblysh.connectors.bench;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import com.poblysh.connectors.bench.http.LoopbackHttp;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 4: signals bulk-loaded with {@code INSERT ... SELECT generate_series} (tenants skewed like the drain,
 * two connections per tenant, GitHub kinds weighted as they occur, 60 days of history over the monthly
 * partitions), then {@code GET /signals} timed over HTTP for each filter combination on the first page and on a
 * deep page reached by following cursors. Baseline: the statement query-api's SignalRepository issues for the same
 * request, with the same parameters, through plain JDBC, its rows read into objects. HTTP and JDBC samples
 * alternate so drift on the shared machine hits both alike.
 */
final class QueryScenario {

    private static final int SCENARIO = 4;
    private static final int LIMIT = 50;
    private static final int WARMUP = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** GitHub kinds by how often they occur, in percent. */
    private static final Map<String, Integer> KIND_WEIGHTS = kindWeights();

    private final BenchStack stack;
    private final BenchSettings settings;
    private final Instant loadedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    QueryScenario(BenchStack stack, BenchSettings settings) {
        this.stack = stack;
        this.settings = settings;
    }

    private static Map<String, Integer> kindWeights() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put("code_pushed", 30);
        w.put("pr_updated", 15);
        w.put("issue_comment", 12);
        w.put("pr_merged", 10);
        w.put("pr_review", 10);
        w.put("pr_opened", 8);
        w.put("issue_created", 6);
        w.put("issue_closed", 5);
        w.put("release_published", 2);
        w.put("pr_closed", 2);
        return w;
    }

    /** One filter combination of {@code GET /signals}: null means "not filtered". */
    record Combo(String name, String provider, boolean connection, String kind, Instant after, Instant before) {

        String query(UUID tenant) {
            StringJoiner q = new StringJoiner("&");
            q.add("limit=" + LIMIT);
            if (provider != null) {
                q.add("provider=" + provider);
            }
            if (connection) {
                q.add("connection_id=" + mainConnection(tenant));
            }
            if (kind != null) {
                q.add("kind=" + kind);
            }
            if (after != null) {
                q.add("occurred_after=" + after);
            }
            if (before != null) {
                q.add("occurred_before=" + before);
            }
            return q.toString();
        }
    }

    private List<Combo> combos() {
        Instant after = loadedAt.minus(Duration.ofDays(45));
        Instant before = loadedAt.minus(Duration.ofDays(15));
        return List.of(
                new Combo("no filter", null, false, null, null, null),
                new Combo("provider", "github", false, null, null, null),
                new Combo("kind", null, false, "pr_merged", null, null),
                new Combo("connection_id", null, true, null, null, null),
                new Combo("occurred_after+before", null, false, null, after, before),
                new Combo("provider+kind", "github", false, "code_pushed", null, null),
                new Combo("connection+kind+time", "github", true, "code_pushed", after, before));
    }

    /** The tenant's connection holding 70% of its signals. */
    static UUID mainConnection(UUID tenant) {
        return new UUID(0x00000001_0000_4000L, tenant.getLeastSignificantBits());
    }

    Map<String, Object> run(Report report) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        double loadSeconds = load();
        result.put("signals", settings.querySignals());
        result.put("tenants", settings.queryTenants());
        result.put("load_seconds", Latencies.round(loadSeconds));
        int[] counts = Tenants.counts(settings.querySignals(), settings.queryTenants());
        result.put("largest_tenant_signals", counts[0]);
        Progress.say(String.format(Locale.ROOT, "query: loaded %,d signals in %.1f s", settings.querySignals(),
                loadSeconds));

        List<UUID> firstPageTenants = new ArrayList<>();
        for (int i = 0; i < Math.min(10, settings.queryTenants()); i++) {
            firstPageTenants.add(Tenants.id(SCENARIO, i));
        }
        for (int i = 10; i < settings.queryTenants(); i += Math.max(1, settings.queryTenants() / 10)) {
            firstPageTenants.add(Tenants.id(SCENARIO, i));
        }

        List<Map<String, Object>> figures = new ArrayList<>();
        try (Connection jdbc = stack.connect();
             LoopbackHttp http = new LoopbackHttp("127.0.0.1", stack.queryPort())) {
            jdbc.setAutoCommit(true);
            result.put("http_floor", floor(report, http, firstPageTenants.get(0)));
            for (Combo combo : combos()) {
                List<Request> first = new ArrayList<>();
                for (UUID tenant : firstPageTenants) {
                    first.add(new Request(tenant, null, null, null));
                }
                figures.add(measure(report, jdbc, http, combo, "first page", first, true));
                List<Request> deep = deepRequests(jdbc, http, combo, counts);
                if (deep.isEmpty()) {
                    report.add(Row.info("4 query", combo.name() + ", page " + settings.queryDeepPage(),
                            "n/a: no tenant has that many matching signals"));
                } else {
                    figures.add(measure(report, jdbc, http, combo, "page " + settings.queryDeepPage(), deep, false));
                }
            }
        }
        result.put("requests", figures);
        return result;
    }

    /**
     * What any authenticated, tenant-scoped request costs over HTTP without the database: {@code GET /providers}
     * through the same filters (trace id, access line, observation, operator token, tenant header) and JSON writer.
     * {@code GET /signals} cannot be cheaper than this plus its SQL, so this bounds the HTTP/JDBC ratio.
     */
    private Map<String, Object> floor(Report report, LoopbackHttp http, UUID tenant) {
        byte[] head = LoopbackHttp.head("GET", "/providers", "Authorization: Bearer " + BenchStack.OPERATOR_TOKEN
                + "\r\nX-Tenant-Id: " + tenant + "\r\n", -1);
        Histogram floor = Latencies.histogram();
        for (int i = 0; i < WARMUP + settings.querySamples(); i++) {
            long t0 = System.nanoTime();
            int status = http.exchange(head, null);
            long t1 = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("GET /providers answered " + status + ": " + http.bodyText());
            }
            if (i >= WARMUP) {
                Latencies.recordNanos(floor, t1 - t0);
            }
        }
        report.add(Row.info("4 query", "HTTP floor: GET /providers (no database), p50 / p99",
                Report.ms(Latencies.ms(floor, 50)) + " / " + Report.ms(Latencies.ms(floor, 99))));
        return Latencies.summary(floor);
    }

    /** One request of a measured set: the tenant and, for a deep page, the cursor and the position it encodes. */
    private record Request(UUID tenant, String cursor, Instant cursorAt, UUID cursorId) {
    }

    private Map<String, Object> measure(Report report, Connection jdbc, LoopbackHttp http, Combo combo, String page,
            List<Request> requests, boolean firstPage) throws SQLException {
        Histogram overHttp = Latencies.histogram();
        Histogram overJdbc = Latencies.histogram();
        int mismatches = 0;
        for (int i = 0; i < WARMUP + settings.querySamples(); i++) {
            Request r = requests.get(i % requests.size());
            long t0 = System.nanoTime();
            List<UUID> sql = sql(jdbc, combo, r);
            long t1 = System.nanoTime();
            int status = http.exchange(head(combo, r), null);
            long t2 = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("GET /signals answered " + status + ": " + http.bodyText());
            }
            if (i < requests.size() && !sql.subList(0, Math.min(LIMIT, sql.size())).equals(ids(http))) {
                mismatches++;
            }
            if (i >= WARMUP) {
                Latencies.recordNanos(overJdbc, t1 - t0);
                Latencies.recordNanos(overHttp, t2 - t1);
            }
        }
        double httpP50 = Latencies.ms(overHttp, 50);
        double httpP99 = Latencies.ms(overHttp, 99);
        double sqlP50 = Latencies.ms(overJdbc, 50);
        double sqlP99 = Latencies.ms(overJdbc, 99);
        double ratio = httpP99 / Math.max(0.001, sqlP99);
        boolean met = ratio <= 1.3 && (!firstPage || httpP99 <= 5);
        report.add(new Row("4 query", combo.name() + ", " + page,
                "p50 " + Report.ms(httpP50) + " p99 " + Report.ms(httpP99),
                "JDBC p50 " + Report.ms(sqlP50) + " p99 " + Report.ms(sqlP99), Report.ratio(ratio),
                firstPage ? "p99 <= 1.3x, <= 5 ms" : "p99 <= 1.3x", Report.met(met)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filters", combo.name());
        m.put("page", page);
        m.put("tenants", requests.size());
        m.put("http", Latencies.summary(overHttp));
        m.put("jdbc", Latencies.summary(overJdbc));
        m.put("ratio_p50", Latencies.round(httpP50 / Math.max(0.001, sqlP50)));
        m.put("ratio_p99", Latencies.round(ratio));
        m.put("result_mismatches", mismatches);
        if (mismatches > 0) {
            throw new IllegalStateException("HTTP and JDBC disagree on " + combo.name() + ", " + page);
        }
        return m;
    }

    private static List<UUID> ids(LoopbackHttp http) {
        JsonNode body = JSON.readTree(new ByteArrayInputStream(http.body(), 0, http.bodyLength()));
        List<UUID> ids = new ArrayList<>();
        for (JsonNode s : body.path("signals")) {
            ids.add(UUID.fromString(s.path("id").asString()));
        }
        return ids;
    }

    private static byte[] head(Combo combo, Request r) {
        String target = "/signals?" + combo.query(r.tenant()) + (r.cursor() == null ? "" : "&cursor=" + r.cursor());
        return LoopbackHttp.head("GET", target, "Authorization: Bearer " + BenchStack.OPERATOR_TOKEN
                + "\r\nX-Tenant-Id: " + r.tenant() + "\r\n", -1);
    }

    /**
     * Tenants with enough matching signals for the deep page (up to three, largest first), each with the cursor
     * reached by following {@code next_cursor} over HTTP and the position that cursor encodes (the last row served).
     */
    private List<Request> deepRequests(Connection jdbc, LoopbackHttp http, Combo combo, int[] counts)
            throws SQLException {
        int needed = (settings.queryDeepPage() - 1) * LIMIT + 1;
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < Math.min(10, counts.length) && requests.size() < 3; i++) {
            UUID tenant = Tenants.id(SCENARIO, i);
            if (counts[i] < needed || matching(jdbc, combo, tenant) < needed) {
                continue;
            }
            String cursor = null;
            JsonNode last = null;
            for (int p = 1; p < settings.queryDeepPage(); p++) {
                Request r = new Request(tenant, cursor, null, null);
                if (http.exchange(head(combo, r), null) != 200) {
                    throw new IllegalStateException("GET /signals answered " + http.bodyText());
                }
                JsonNode body = JSON.readTree(new ByteArrayInputStream(http.body(), 0, http.bodyLength()));
                JsonNode signals = body.path("signals");
                last = signals.get(signals.size() - 1);
                cursor = body.path("next_cursor").asString();
            }
            requests.add(new Request(tenant, cursor, Instant.parse(last.path("occurred_at").asString()),
                    UUID.fromString(last.path("id").asString())));
        }
        return requests;
    }

    private long matching(Connection jdbc, Combo combo, UUID tenant) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM signals WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant);
        filters(combo, tenant, sql, params);
        try (PreparedStatement ps = jdbc.prepareStatement(sql.toString())) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** query-api's statement for this request (SignalRepository.find, without payload), read into objects. */
    private static List<UUID> sql(Connection jdbc, Combo combo, Request r) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, provider, connection_id, kind, occurred_at, received_at, "
                + "actor, title, url, NULL AS payload FROM signals WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(r.tenant());
        filters(combo, r.tenant(), sql, params);
        if (r.cursorAt() != null) {
            sql.append(" AND (occurred_at, id) < (?, ?)");
            params.add(r.cursorAt().atOffset(ZoneOffset.UTC));
            params.add(r.cursorId());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        params.add(LIMIT + 1);
        List<UUID> ids = new ArrayList<>(LIMIT + 1);
        try (PreparedStatement ps = jdbc.prepareStatement(sql.toString())) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String payload = rs.getString("payload");
                    SignalRecord row = new SignalRecord(rs.getObject("id", UUID.class), rs.getString("provider"),
                            rs.getObject("connection_id", UUID.class), rs.getString("kind"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                            rs.getString("title"), rs.getString("url"), payload);
                    ids.add(row.id());
                }
            }
        }
        return ids;
    }

    /** What the baseline reads a row into, like query-api's SignalView. */
    private record SignalRecord(UUID id, String provider, UUID connectionId, String kind, Instant occurredAt,
            Instant receivedAt, String actor, String title, String url, String payload) {
    }

    private static void filters(Combo combo, UUID tenant, StringBuilder sql, List<Object> params) {
        if (combo.provider() != null) {
            sql.append(" AND provider = ?");
            params.add(combo.provider());
        }
        if (combo.connection()) {
            sql.append(" AND connection_id = ?");
            params.add(mainConnection(tenant));
        }
        if (combo.kind() != null) {
            sql.append(" AND kind = ?");
            params.add(combo.kind());
        }
        if (combo.after() != null) {
            sql.append(" AND occurred_at >= ?");
            params.add(combo.after().atOffset(ZoneOffset.UTC));
        }
        if (combo.before() != null) {
            sql.append(" AND occurred_at <= ?");
            params.add(combo.before().atOffset(ZoneOffset.UTC));
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    /** Bulk load on two connections (tenants dealt alternately, so both get large ones), then VACUUM ANALYZE. */
    private double load() throws Exception {
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE signals, signal_keys");
        }
        int[] counts = Tenants.counts(settings.querySignals(), settings.queryTenants());
        StringBuilder kinds = new StringBuilder("ARRAY[");
        KIND_WEIGHTS.forEach((kind, weight) -> {
            for (int i = 0; i < weight; i++) {
                kinds.append(kinds.length() > 6 ? "," : "").append('\'').append(kind).append('\'');
            }
        });
        kinds.append("]");
        long start = System.nanoTime();
        List<Thread> loaders = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            StringJoiner values = new StringJoiner(",");
            for (int t = w; t < counts.length; t += 2) {
                values.add("(" + t + "," + counts[t] + ")");
            }
            if (values.length() == 0) {
                continue;
            }
            String sql = """
                    INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor,
                                         title, url, payload, source_event_id, dedupe_key)
                    SELECT gen_random_uuid(), tenant, 'github', connection, kind, occurred, occurred + interval '1 second',
                           'user' || (g %% 50), 'Signal ' || g || ' of tenant ' || idx,
                           'https://github.com/acme/api/pull/' || g,
                           ('{"action":"opened","number":' || g || ',"title":"Signal ' || g || '",'
                            || '"repository":{"full_name":"acme/api","private":true,"html_url":"https://github.com/acme/api",'
                            || '"description":"Benchmark repository with a description of realistic length",'
                            || '"default_branch":"main","visibility":"private"},'
                            || '"sender":{"login":"user' || (g %% 50) || '","type":"User","site_admin":false,'
                            || '"html_url":"https://github.com/user' || (g %% 50) || '"}}')::jsonb,
                           gen_random_uuid(), 'github:bench-' || idx || '-' || g
                    FROM (SELECT t.idx, g,
                                 (lpad(to_hex(%d), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(t.idx), 12, '0'))::uuid
                                     AS tenant,
                                 (CASE WHEN random() < 0.7 THEN '00000001' ELSE '00000002' END
                                     || '-0000-4000-8000-' || lpad(to_hex(t.idx), 12, '0'))::uuid AS connection,
                                 (%s)[1 + floor(random() * 100)::int] AS kind,
                                 timestamptz '%s' - random() * interval '60 days' AS occurred
                          FROM (VALUES %s) AS t(idx, n), generate_series(1, t.n) AS g) AS rows
                    """.formatted(SCENARIO, kinds, loadedAt, values);
            Thread t = new Thread(() -> {
                try (Connection c = stack.connect(); Statement s = c.createStatement()) {
                    s.execute(sql);
                } catch (SQLException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "bench-query-load-" + w);
            loaders.add(t);
            t.start();
        }
        for (Thread t : loaders) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("bulk load failed", failures.get(0));
        }
        try (Connection c = stack.connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE signals");
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
