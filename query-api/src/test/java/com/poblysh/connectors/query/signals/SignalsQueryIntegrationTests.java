package com.poblysh.connectors.query.signals;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.query.ApiCalls;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /signals} on the real schema: keyset paging, filters, payloads and tenant isolation. */
@QueryApiIntegrationTest
class SignalsQueryIntegrationTests extends RealSchemaTests {

    /** A stored signal as the test inserted it. */
    record Stored(UUID id, Instant occurredAt) {
    }

    /** List order: occurred_at DESC, then id DESC as PostgreSQL orders uuid (unsigned bytes = canonical text). */
    static final Comparator<Stored> LIST_ORDER = Comparator.comparing(Stored::occurredAt)
            .thenComparing(s -> s.id().toString()).reversed();

    @Test
    void walkingAllPagesReturnsEveryRowOnceInOrder() throws Exception {
        List<Stored> stored = new ArrayList<>();
        for (int i = 0; i < 23; i++) { // many rows sharing one occurred_at: only the id orders them
            stored.add(insert(tenant, "github", "pr_merged", base, null, null));
        }
        for (int i = 1; i <= 20; i++) { // neighbours one microsecond apart on both sides
            stored.add(insert(tenant, "slack", "message_posted", base.plus(i, ChronoUnit.MICROS), null, null));
            stored.add(insert(tenant, "slack", "message_posted", base.minus(i, ChronoUnit.MICROS), null, null));
        }
        stored.sort(LIST_ORDER);

        List<JsonNode> pages = api.walk(() -> list(tenant).param("limit", "7"));
        List<Instant> times = new ArrayList<>();
        pages.forEach(page -> page.get("signals")
                .forEach(signal -> times.add(Instant.parse(signal.get("occurred_at").asString()))));

        assertThat(ApiCalls.ids("signals", pages)).doesNotHaveDuplicates()
                .containsExactlyElementsOf(stored.stream().map(Stored::id).toList());
        assertThat(times).containsExactlyElementsOf(stored.stream().map(Stored::occurredAt).toList());
        assertThat(pages).hasSize(9); // 63 rows, 7 per page: the last page is full and still ends the walk
    }

    @Test
    void aFullLastPageHasNoNextCursor() throws Exception {
        for (int i = 0; i < 4; i++) {
            insert(tenant, "github", "pr_opened", base.minusSeconds(i), null, null);
        }

        JsonNode first = api.ok(list(tenant).param("limit", "2"));
        JsonNode second = api.ok(list(tenant).param("limit", "2").param("cursor", first.get("next_cursor").asString()));

        assertThat(second.get("signals")).hasSize(2);
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void filtersByProviderKindAndConnection() throws Exception {
        UUID connection = UUID.randomUUID();
        Stored githubMerged = insert(tenant, "github", "pr_merged", base, connection, null);
        Stored githubOpened = insert(tenant, "github", "pr_opened", base.minusSeconds(1), connection, null);
        Stored slack = insert(tenant, "slack", "message_posted", base.minusSeconds(2), null, null);

        assertThat(ids(api.ok(list(tenant).param("provider", "github"))))
                .containsExactly(githubMerged.id(), githubOpened.id());
        assertThat(ids(api.ok(list(tenant).param("provider", "slack")))).containsExactly(slack.id());
        assertThat(ids(api.ok(list(tenant).param("kind", "pr_opened")))).containsExactly(githubOpened.id());
        assertThat(ids(api.ok(list(tenant).param("connection_id", connection.toString()))))
                .containsExactly(githubMerged.id(), githubOpened.id());
        assertThat(ids(api.ok(list(tenant).param("provider", "github").param("kind", "pr_merged")
                .param("connection_id", connection.toString())))).containsExactly(githubMerged.id());
        assertThat(ids(api.ok(list(tenant).param("provider", "jira")))).isEmpty();
    }

    @Test
    void timeBoundsAreInclusiveToTheMicrosecond() throws Exception {
        Instant after = base.minusSeconds(10);
        Instant before = base;
        Stored tooLate = insert(tenant, "github", "pr_merged", before.plus(1, ChronoUnit.MICROS), null, null);
        Stored atBefore = insert(tenant, "github", "pr_merged", before, null, null);
        Stored between = insert(tenant, "github", "pr_merged", base.minusSeconds(5), null, null);
        Stored atAfter = insert(tenant, "github", "pr_merged", after, null, null);
        Stored tooEarly = insert(tenant, "github", "pr_merged", after.minus(1, ChronoUnit.MICROS), null, null);

        List<UUID> found = ids(api.ok(list(tenant).param("occurred_after", after.toString())
                .param("occurred_before", before.toString())));

        assertThat(found).containsExactly(atBefore.id(), between.id(), atAfter.id());
        assertThat(found).doesNotContain(tooLate.id(), tooEarly.id());
        assertThat(ids(api.ok(list(tenant).param("occurred_after", before.toString()))))
                .containsExactly(tooLate.id(), atBefore.id());
        assertThat(ids(api.ok(list(tenant).param("occurred_before", after.toString()))))
                .containsExactly(atAfter.id(), tooEarly.id());
    }

    @Test
    void pagesThroughAFilteredList() throws Exception {
        List<Stored> merged = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            merged.add(insert(tenant, "github", "pr_merged", base.minusSeconds(i), null, null));
            insert(tenant, "github", "pr_opened", base.minusSeconds(i), null, null);
        }

        JsonNode first = api.ok(list(tenant).param("kind", "pr_merged").param("limit", "3"));
        JsonNode second = api.ok(list(tenant).param("kind", "pr_merged").param("limit", "3")
                .param("cursor", first.get("next_cursor").asString()));

        List<UUID> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        assertThat(all).containsExactlyElementsOf(merged.stream().sorted(LIST_ORDER).map(Stored::id).toList());
        assertThat(second.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void rejectsACursorReusedWithOtherFilters() throws Exception {
        for (int i = 0; i < 3; i++) {
            insert(tenant, "github", "pr_merged", base.minusSeconds(i), null, null);
        }
        String cursor = api.ok(list(tenant).param("provider", "github").param("limit", "1")).get("next_cursor")
                .asString();

        JsonNode problem = api.problem(list(tenant).param("provider", "slack").param("limit", "1")
                .param("cursor", cursor), 400);
        assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.get("details").get("cursor").asString()).startsWith("cursor was issued for other filters");

        assertThat(api.problem(list(tenant).param("cursor", cursor), 400).get("details").has("cursor")).isTrue();
        // a different page size is not a different list
        assertThat(ids(api.ok(list(tenant).param("provider", "github").param("limit", "5").param("cursor", cursor))))
                .hasSize(2);
    }

    @Test
    void anotherTenantSeesNothingOfThisOne() throws Exception {
        UUID other = UUID.randomUUID();
        Stored mine = insert(tenant, "github", "pr_merged", base, null, "{\"secret\": true}");
        insert(tenant, "github", "pr_merged", base.minusSeconds(1), null, null);
        String myCursor = api.ok(list(tenant).param("limit", "1")).get("next_cursor").asString();

        assertThat(api.ok(list(other)).get("signals")).isEmpty();
        assertThat(ids(api.ok(list(other).param("provider", "github")))).isEmpty();

        JsonNode foreignId = api.problem(byId(other, mine.id()), 404);
        JsonNode missingId = api.problem(byId(other, UUID.randomUUID()), 404);
        assertThat(foreignId.get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(withoutTraceId(foreignId)).as("a foreign id is answered exactly like a missing one")
                .isEqualTo(withoutTraceId(missingId));

        JsonNode foreignCursor = api.problem(list(other).param("limit", "1").param("cursor", myCursor), 400);
        assertThat(foreignCursor.get("details").get("cursor").asString())
                .isEqualTo("cursor was not issued for this tenant");

        assertThat(api.ok(byId(tenant, mine.id())).get("id").asString()).isEqualTo(mine.id().toString());
    }

    @Test
    void includesPayloadOnlyWhenAsked() throws Exception {
        UUID connection = UUID.randomUUID();
        Stored withPayload = insert(tenant, "github", "pr_merged", base, connection,
                "{\"number\": 42, \"labels\": [\"a\"], \"nested\": {\"x\": null}}");
        Stored withoutPayload = insert(tenant, "github", "pr_opened", base.minusSeconds(1), null, null);
        JsonNode expected = json.readTree("{\"number\":42,\"labels\":[\"a\"],\"nested\":{\"x\":null}}");

        JsonNode plain = api.ok(list(tenant)).get("signals");
        assertThat(plain.get(0).has("payload")).isFalse();
        assertThat(plain.get(1).has("payload")).isFalse();
        assertThat(api.ok(list(tenant).param("include_payload", "false")).get("signals").get(0).has("payload"))
                .isFalse();

        JsonNode full = api.ok(list(tenant).param("include_payload", "true")).get("signals");
        assertThat(full.get(0).get("payload")).isEqualTo(expected);
        assertThat(full.get(1).get("payload").isNull()).isTrue();

        JsonNode one = api.ok(byId(tenant, withPayload.id()));
        assertThat(one.get("payload")).isEqualTo(expected);
        assertThat(one.get("connection_id").asString()).isEqualTo(connection.toString());
        assertThat(api.ok(byId(tenant, withoutPayload.id())).get("payload").isNull()).isTrue();
    }

    @Test
    void servesEveryFieldInSnakeCase() throws Exception {
        Instant occurred = base.plus(123, ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, actor,
                                     title, url, payload, source_event_id, dedupe_key)
                VALUES (:id, :tenant, 'github', NULL, 'pr_merged', :occurred, :received, 'octocat', 'Fix it',
                        'https://github.com/o/r/pull/1', NULL, :source, :dedupe)""")
                .param("id", id).param("tenant", tenant)
                .param("occurred", occurred.atOffset(ZoneOffset.UTC))
                .param("received", base.plusSeconds(2).atOffset(ZoneOffset.UTC))
                .param("source", UUID.randomUUID()).param("dedupe", id.toString())
                .update();

        JsonNode signal = api.ok(list(tenant)).get("signals").get(0);

        assertThat(json.convertValue(signal, Map.class)).containsOnlyKeys("id", "provider", "connection_id", "kind",
                "occurred_at", "received_at", "actor", "title", "url");
        assertThat(signal.get("occurred_at").asString()).isEqualTo(occurred.toString());
        assertThat(signal.get("received_at").asString()).isEqualTo(base.plusSeconds(2).toString());
        assertThat(signal.get("actor").asString()).isEqualTo("octocat");
        assertThat(signal.get("title").asString()).isEqualTo("Fix it");
        assertThat(signal.get("url").asString()).isEqualTo("https://github.com/o/r/pull/1");
        assertThat(signal.get("connection_id").isNull()).isTrue();
    }

    @Test
    void anEmptyListHasANullNextCursor() throws Exception {
        MockHttpServletResponse response = api.perform(list(tenant));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("{\"signals\":[],\"next_cursor\":null}");
    }

    @Test
    void answers404ForAnUnknownId() throws Exception {
        assertThat(api.problem(byId(tenant, UUID.randomUUID()), 404).get("message").asString())
                .isEqualTo("signal not found");
    }

    private Stored insert(UUID tenantId, String provider, String kind, Instant occurredAt, UUID connection,
            String payload) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO signals (id, tenant_id, provider, connection_id, kind, occurred_at, received_at, payload,
                                     source_event_id, dedupe_key)
                VALUES (:id, :tenant, :provider, CAST(:connection AS uuid), :kind, :occurred, now(),
                        CAST(:payload AS jsonb), :source, :dedupe)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("provider", provider)
                .param("connection", connection == null ? null : connection.toString())
                .param("kind", kind)
                .param("occurred", occurredAt.atOffset(ZoneOffset.UTC))
                .param("payload", payload)
                .param("source", UUID.randomUUID())
                .param("dedupe", id.toString())
                .update();
        return new Stored(id, occurredAt);
    }

    private static List<UUID> ids(JsonNode page) {
        return ApiCalls.ids("signals", page);
    }

    private static MockHttpServletRequestBuilder list(UUID tenantId) {
        return as(tenantId, get("/signals"));
    }

    private static MockHttpServletRequestBuilder byId(UUID tenantId, UUID id) {
        return as(tenantId, get("/signals/" + id));
    }

    private static JsonNode withoutTraceId(JsonNode problem) {
        ObjectNode copy = (ObjectNode) problem.deepCopy();
        copy.remove("trace_id");
        return copy;
    }
}
