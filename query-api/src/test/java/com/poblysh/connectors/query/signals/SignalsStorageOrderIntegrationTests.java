package com.poblysh.connectors.query.signals;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.poblysh.connectors.query.ApiCalls;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /signals?order=stored}: a reader that keeps its last {@code next_cursor} sees every signal once, also
 * those stored late with an old {@code occurred_at}, and also a slow writer's row that commits after a younger one.
 */
@QueryApiIntegrationTest
class SignalsStorageOrderIntegrationTests extends RealSchemaTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    DataSource dataSource;

    @Test
    void aSignalStoredLateWithAnOldTimeIsSeenByAReaderFollowingStorageOrder() throws Exception {
        UUID first = Fixtures.signal(jdbc, tenant, "github", "pr_merged", null, base);
        JsonNode read = awaitStored(null, List.of(first));
        String position = read.get("next_cursor").asString();

        // A poll (or a redrive) stores activity of three days ago after the reader passed yesterday's.
        UUID late = Fixtures.signal(jdbc, tenant, "github", "issue_created", null, base.minus(3, ChronoUnit.DAYS));

        assertThat(ApiCalls.ids("signals", awaitStored(position, List.of(late)))).containsExactly(late);
        // The newest-first list from the last time seen never shows it: that is what storage order is for.
        JsonNode sinceLastSeen = api.ok(list().param("occurred_after", base.toString()));
        assertThat(ApiCalls.ids("signals", sinceLastSeen)).containsExactly(first);
    }

    @Test
    void aRowCommittedLateByASlowWriterIsHeldBackUntilItCommitsNeverSkipped() throws Exception {
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            UUID slowRow = insert(slow, base); // its transaction began first, so its position is the lower one
            UUID quickRow = Fixtures.signal(jdbc, tenant, "github", "pr_merged", null, base.plusSeconds(1));

            // Served now, the quick row would move the reader past the slow one for good.
            assertThat(ApiCalls.ids("signals", api.ok(list().param("order", "stored")))).doesNotContain(quickRow);

            slow.commit();
            assertThat(ApiCalls.ids("signals", awaitStored(null, List.of(slowRow, quickRow))))
                    .containsExactly(slowRow, quickRow);
        }
    }

    @Test
    void aReaderWithNothingNewKeepsItsPositionAndAFullPageMeansMoreMayFollow() throws Exception {
        UUID a = Fixtures.signal(jdbc, tenant, "slack", "message_posted", null, base);
        UUID b = Fixtures.signal(jdbc, tenant, "slack", "message_posted", null, base.minusSeconds(5));
        UUID c = Fixtures.signal(jdbc, tenant, "slack", "message_posted", null, base.minusSeconds(9));
        awaitStored(null, List.of(a, b, c));

        JsonNode firstPage = api.ok(list().param("order", "stored").param("limit", "2"));
        assertThat(ApiCalls.ids("signals", firstPage)).containsExactly(a, b);
        JsonNode secondPage = api.ok(list().param("order", "stored").param("limit", "2")
                .param("cursor", firstPage.get("next_cursor").asString()));
        assertThat(ApiCalls.ids("signals", secondPage)).containsExactly(c);
        String position = secondPage.get("next_cursor").asString();

        JsonNode nothingNew = api.ok(list().param("order", "stored").param("cursor", position));
        assertThat(nothingNew.get("signals")).isEmpty();
        assertThat(nothingNew.get("next_cursor").asString()).isEqualTo(position);
        assertThat(api.ok(as(UUID.randomUUID(), get("/signals")).param("order", "stored")).get("next_cursor")
                .isNull()).as("a tenant without signals").isTrue();
    }

    @Test
    void anUnknownOrderAndACursorOfTheOtherOrderAreRefused() throws Exception {
        Fixtures.signal(jdbc, tenant, "github", "pr_merged", null, base);
        Fixtures.signal(jdbc, tenant, "github", "pr_merged", null, base.minusSeconds(1));
        String newestFirst = api.ok(list().param("limit", "1")).get("next_cursor").asString();

        assertThat(api.problem(list().param("order", "newest"), 400).at("/details/order").asString())
                .contains("unknown order 'newest'");
        assertThat(api.problem(list().param("order", "stored").param("cursor", newestFirst), 400)
                .at("/details/cursor").asString()).contains("other filters");
    }

    /** The reader's view once the expected rows are visible (commits become visible a moment apart). */
    private JsonNode awaitStored(String cursor, List<UUID> expected) {
        return await().atMost(WAIT).until(() -> {
            MockHttpServletRequestBuilder request = list().param("order", "stored");
            return api.ok(cursor == null ? request : request.param("cursor", cursor));
        }, page -> ApiCalls.ids("signals", page).equals(expected));
    }

    private UUID insert(Connection connection, Instant occurredAt) throws Exception {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO signals (id, tenant_id, provider, kind, occurred_at, received_at, source_event_id, dedupe_key)
                VALUES (?, ?, 'github', 'pr_merged', ?, now(), ?, ?)""")) {
            insert.setObject(1, id);
            insert.setObject(2, tenant);
            insert.setObject(3, occurredAt.atOffset(ZoneOffset.UTC));
            insert.setObject(4, UUID.randomUUID());
            insert.setString(5, id.toString());
            insert.executeUpdate();
        }
        return id;
    }

    private MockHttpServletRequestBuilder list() {
        return as(tenant, get("/signals"));
    }
}
