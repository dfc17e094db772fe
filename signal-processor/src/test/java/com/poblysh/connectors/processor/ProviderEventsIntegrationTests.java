package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Slack, Jira and Microsoft Graph raw events on the real broker become signals in Postgres, once each. */
@ProcessorIntegrationTest
class ProviderEventsIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSlackMessageAndItsRetryBecomeOneSignalAtTheMessagesOwnTime() {
        UUID tenant = UUID.randomUUID();
        String payload = """
                {"team_id":"T061EG9R6","type":"event_callback","event_id":"Ev0ONCE001","event_time":1714467601,
                 "event":{"type":"message","channel":"C024BE91L","user":"U2147483697","text":"Deploy done",
                          "ts":"1714467601.000200","event_ts":"1714467601.000200"}}""";
        RawEvent first = event("slack", tenant, "message", "Ev0ONCE001", payload);
        RawEvent retry = event("slack", tenant, "message", "Ev0ONCE001", payload);
        retry.setReceivedAt(first.getReceivedAt().plusSeconds(61));

        pipeline.send(first);
        pipeline.send(retry);
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "slack")).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("message_posted");
            assertThat(row.get("dedupe_key")).isEqualTo("slack:Ev0ONCE001");
            assertThat(row.get("actor")).isEqualTo("U2147483697");
            assertThat(row.get("title")).isEqualTo("Deploy done");
            assertThat(instant(row.get("occurred_at"))).isEqualTo(Instant.parse("2024-04-30T09:00:01.000200Z"));
        });
    }

    @Test
    void anUnmappedSlackEventIsCountedAsIgnoredAndStoresNothing() {
        UUID tenant = UUID.randomUUID();
        double before = ignored("slack");
        String join = """
                {"type":"event_callback","event_id":"Ev0JOIN0001","event_time":1714468500,
                 "event":{"type":"message","subtype":"channel_join","user":"U0G9QF9C6",
                          "text":"<@U0G9QF9C6> has joined the channel","ts":"1714468500.000600"}}""";

        pipeline.send(event("slack", tenant, "message", "Ev0JOIN0001", join));
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "slack")).isEmpty();
        assertThat(ignored("slack")).isGreaterThanOrEqualTo(before + 1);
        assertThat(pipeline.deadLetters(tenant.toString())).isEmpty();
    }

    @Test
    void aResolvingJiraUpdateBecomesIssueResolved() {
        UUID tenant = UUID.randomUUID();
        String payload = """
                {"timestamp":1714473000789,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_generic",
                 "user":{"displayName":"Mia Krystof"},
                 "issue":{"id":"10002","self":"https://acme.atlassian.net/rest/api/2/10002","key":"PROJ-12",
                          "fields":{"summary":"Checkout fails","updated":"2024-04-30T10:30:00.789+0000",
                                    "status":{"name":"Done","statusCategory":{"key":"done"}}}},
                 "changelog":{"items":[{"field":"status","fieldId":"status","fromString":"In Progress",
                                        "toString":"Done"}]}}""";

        pipeline.send(event("jira", tenant, "jira:issue_updated", UUID.randomUUID().toString(), payload));
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "jira")).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("issue_resolved");
            assertThat(row.get("title")).isEqualTo("PROJ-12: Checkout fails");
            assertThat(row.get("url")).isEqualTo("https://acme.atlassian.net/browse/PROJ-12");
        });
    }

    @Test
    void aMinimalGraphSignalKeepsItsFirstReceiptTimeWhenGraphRetriesTheNotification() {
        UUID tenant = UUID.randomUUID();
        String delivery = "a1".repeat(32);
        String payload = graphNotification("Users/0fd4/Messages/AAMkMinimal=");
        RawEvent first = event("microsoft_graph", tenant, "message.created", delivery, payload);
        RawEvent retry = event("microsoft_graph", tenant, "message.created", delivery, payload);
        retry.setReceivedAt(first.getReceivedAt().plus(3, ChronoUnit.HOURS));

        pipeline.send(first);
        pipeline.send(retry);
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "microsoft_graph")).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("email_received");
            assertThat(row.get("title")).isEqualTo("Email received");
            assertThat(row.get("actor")).isNull();
            assertThat(instant(row.get("occurred_at"))).isEqualTo(first.getReceivedAt());
        });
    }

    @Test
    void aGraphNotificationOfAConnectionWithATokenIsEnrichedFromTheGraphApi() {
        UUID tenant = UUID.randomUUID();
        UUID connection = graphConnection(tenant, "access-token-" + tenant);
        String resource = "Users/0fd4/Messages/AAMk" + tenant.toString().substring(0, 8) + "=";
        MicrosoftGraphApiStandIn.answer(resource, "access-token-" + tenant, """
                {"id":"AAMk1","subject":"Q2 invoice for Contoso","receivedDateTime":"2024-04-30T09:00:01Z",
                 "from":{"emailAddress":{"name":"Adele Vance","address":"AdeleV@contoso.com"}},
                 "webLink":"https://outlook.office365.com/owa/?ItemID=AAMk1"}""");
        RawEvent notification = event("microsoft_graph", tenant, "message.created", "b2".repeat(32),
                graphNotification(resource));
        notification.setConnectionId(connection);

        pipeline.send(notification);
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "microsoft_graph")).singleElement().satisfies(row -> {
            assertThat(row.get("kind")).isEqualTo("email_received");
            assertThat(row.get("title")).isEqualTo("Q2 invoice for Contoso");
            assertThat(row.get("actor")).isEqualTo("AdeleV@contoso.com");
            assertThat(row.get("url")).isEqualTo("https://outlook.office365.com/owa/?ItemID=AAMk1");
            assertThat(row.get("connection_id")).isEqualTo(connection);
            assertThat(instant(row.get("occurred_at"))).isEqualTo(Instant.parse("2024-04-30T09:00:01Z"));
            assertThat(row.get("stored_subject")).isEqualTo("Q2 invoice for Contoso");
        });
    }

    @Test
    void aGraphNotificationOfAConnectionWhoseTokenExpiredIsEnrichedWithTheRenewedToken() {
        UUID tenant = UUID.randomUUID();
        String renewed = "renewed-access-" + tenant;
        String refresh = "ms-refresh-" + tenant;
        FakeTokenEndpoints.shared().accept(Provider.MICROSOFT_GRAPH, refresh,
                FakeTokenEndpoints.Issue.rotating(renewed, "ms-refresh-next-" + tenant));
        UUID connection = graphConnection(tenant, "expired-access-" + tenant, refresh, "'-10 minutes'");
        String resource = "Users/0fd4/Messages/AAMr" + tenant.toString().substring(0, 8) + "=";
        MicrosoftGraphApiStandIn.answer(resource, renewed, """
                {"id":"AAMr1","subject":"Renewed before fetching","receivedDateTime":"2024-04-30T10:00:00Z",
                 "from":{"emailAddress":{"name":"Adele Vance","address":"AdeleV@contoso.com"}}}""");
        RawEvent notification = event("microsoft_graph", tenant, "message.created", "c3".repeat(32),
                graphNotification(resource));
        notification.setConnectionId(connection);

        pipeline.send(notification);
        pipeline.send(marker(tenant));

        awaitMarker(tenant);
        assertThat(signals(tenant, "microsoft_graph")).singleElement().satisfies(row ->
                assertThat(row.get("title")).isEqualTo("Renewed before fetching"));
        assertThat(FakeTokenEndpoints.shared().requestsWith(refresh)).hasSize(1);
        byte[] stored = jdbc.sql("SELECT access_token_ciphertext FROM connections WHERE id = ?").param(connection)
                .query(byte[].class).single();
        assertThat(cipher.decrypt(stored, SecretBinding.accessToken(connection))).isEqualTo(renewed);
    }

    private double ignored(String provider) {
        Counter counter = meters.find(ProcessingMetrics.NAME).tags("provider", provider, "outcome", "ignored")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private UUID graphConnection(UUID tenant, String token) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext,
                                                 expires_at)
                        VALUES (?, ?, 'microsoft_graph', ?, 'active', ?, now() + interval '1 hour')""")
                .params(id, tenant, "user-" + id, cipher.encrypt(token, "connections:" + id + ":access_token"))
                .update();
        return id;
    }

    /** A Graph connection with a refresh token whose access token expires {@code expiresIn} (an SQL interval). */
    private UUID graphConnection(UUID tenant, String token, String refreshToken, String expiresIn) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext,
                                                 refresh_token_ciphertext, expires_at)
                        VALUES (?, ?, 'microsoft_graph', ?, 'active', ?, ?, now() + interval\s""" + expiresIn + ")")
                .params(id, tenant, "user-" + id, cipher.encrypt(token, SecretBinding.accessToken(id)),
                        cipher.encrypt(refreshToken, SecretBinding.refreshToken(id)))
                .update();
        return id;
    }

    private static String graphNotification(String resource) {
        return """
                {"subscriptionId":"7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
                 "subscriptionExpirationDateTime":"2030-05-02T18:23:45.9356913+00:00","changeType":"created",
                 "resource":"%s","tenantId":"84bd8158-6d4d-4958-8b9f-9d6445542f95",
                 "resourceData":{"@odata.type":"#Microsoft.Graph.Message","@odata.id":"%s",
                                 "@odata.etag":"W/\\"CQAAABYAAADk\\"","id":"AAMk1"}}""".formatted(resource, resource);
    }

    private static RawEvent marker(UUID tenant) {
        return TestPipeline.githubEvent(tenant, "issues", "marker-" + tenant,
                TestPipeline.issueOpened("Marker", Instant.now()));
    }

    private void awaitMarker(UUID tenant) {
        await().atMost(WAIT).until(() -> !signals(tenant, "github").isEmpty());
    }

    private List<Map<String, Object>> signals(UUID tenant, String provider) {
        return jdbc.sql("""
                        SELECT s.*, s.payload -> 'resourceData' ->> 'subject' AS stored_subject
                        FROM signals s WHERE s.tenant_id = ? AND s.provider = ?""")
                .params(tenant, provider).query().listOfRows();
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime odt ? odt.toInstant() : ((java.sql.Timestamp) timestamp).toInstant();
    }
}
