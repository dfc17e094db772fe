package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Jira and Graph polling on the real stack: the ingest instance's own sync engine finds a newly provisioned Jira or
 * Graph connection, polls the stack's fake provider API with the connection's token, and the raw events travel Kafka
 * → processor → Postgres like webhooks. The same change seen by a webhook (bound to that connection) and by the poll
 * is one signal, whichever came first, and Graph's full round after a lost delta state adds none.
 */
class PollingPipelineIntegrationTests extends OnRunningStack {

    private static final Duration WAIT = Duration.ofSeconds(90);
    static JdbcClient jdbc;

    @BeforeAll
    static void readDatabase() {
        DatabaseBootstrap.Target db = stack.database();
        jdbc = JdbcClient.create(new DriverManagerDataSource(db.url(), db.user(), db.password()));
    }

    @Test
    void theDemoConnectionsOfEveryPolledProviderAreSyncedAgainstTheLocalFakesAndStayActive() {
        int jiraCalls = RunningStack.jira().requests(LocalStack.DEMO_TOKEN).size();
        int graphCalls = RunningStack.graph().requests(LocalStack.DEMO_TOKEN).size();
        // the demo tenant's (which another stack on this database may have synced first) and a new tenant's
        for (UUID tenant : List.of(stack.settings().demoTenant(), UUID.randomUUID())) {
            for (Provider provider : List.of(Provider.GITHUB, Provider.JIRA, Provider.MICROSOFT_GRAPH)) {
                UUID connection = stack.demoConnection(tenant, provider);

                awaitJobs(connection, 1);

                assertThat(jdbc.sql("SELECT status FROM connections WHERE id = ?").param(connection)
                        .query(String.class).single()).as(provider.id()).isEqualTo("active");
            }
        }
        // the new tenant's connections were read by this stack's fakes, with the demo token
        assertThat(RunningStack.jira().requests(LocalStack.DEMO_TOKEN)).hasSizeGreaterThan(jiraCalls);
        assertThat(RunningStack.graph().requests(LocalStack.DEMO_TOKEN)).hasSizeGreaterThan(graphCalls);
    }

    @Test
    void aJiraChangeSeenByItsWebhookAndByThePollIsOneSignal() {
        UUID tenant = UUID.randomUUID();
        String token = "jira-" + UUID.randomUUID();
        FakeJiraApi jira = RunningStack.jira();
        FakeJiraApi.Site site = jira.site("acme-" + UUID.randomUUID().toString().substring(0, 6),
                ZoneId.of("Europe/Berlin"));
        Instant created = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        FakeJiraApi.Issue issue = site.createIssue("PAY-7", "Refunds stuck", "Mia Krystof", created);
        FakeJiraApi.History started = issue.start("Arjun Mehta", created.plusSeconds(600));
        issue.comment("Arjun Mehta", "On it.", created.plusSeconds(1200));
        jira.grant(token, site);
        String secret = "jira-hook-" + UUID.randomUUID();
        // connected and provisioned: the engine backfills it at once, and its admin webhook names the site
        connect(tenant, Provider.JIRA, token, secret,
                ExternalIdentity.of(IdentityKind.JIRA_SITE, URI.create(site.url()).getHost()));
        byte[] webhook = issue.updatedWebhook(started);

        // the webhook races the backfill: whichever comes first, the change is one signal
        HttpResponse<String> pushed = client.postWebhook("jira", tenant, null, "application/json", webhook, Map.of(
                JiraWebhooks.SIGNATURE_HEADER, JiraWebhooks.signature(secret, webhook),
                JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString()));
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);

        // the comment is the poll's last event, so once it is stored the polled change was processed too
        List<JsonNode> signals = awaitKinds(tenant, "issue_created", "issue_updated", "issue_comment");

        assertThat(signals).extracting(s -> s.path("kind").asString())
                .containsExactlyInAnyOrder("issue_created", "issue_updated", "issue_comment");
        String identity = "jira:issue:" + URI.create(site.url()).getHost() + ":" + issue.id() + "@" + started.id();
        assertThat(dedupeKeys(tenant)).contains(identity).hasSize(3);
        assertThat(signals).filteredOn(s -> s.path("kind").asString().equals("issue_created")).singleElement()
                .satisfies(s -> {
                    assertThat(s.path("url").asString()).isEqualTo(site.url() + "/browse/PAY-7");
                    assertThat(Instant.parse(s.path("occurred_at").asString())).isEqualTo(created);
                });
    }

    @Test
    void aGraphMessageSeenByItsNotificationAndByThePollIsOneSignalAndAFullRoundAddsNone() {
        UUID tenant = UUID.randomUUID();
        String token = "graph-" + UUID.randomUUID();
        FakeMicrosoftGraphApi graph = RunningStack.graph();
        FakeMicrosoftGraphApi.Mailbox mailbox = graph.mailbox(token);
        Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        FakeMicrosoftGraphApi.Item message = mailbox.deliver("Q2 invoice", "adele@contoso.com", at);
        mailbox.upload("Forecast.xlsx", "patti@contoso.com", at.plusSeconds(60));
        String clientState = "graph-state-" + UUID.randomUUID();
        String subscription = UUID.randomUUID().toString();
        // connected and subscribed: the engine backfills it at once, and the subscription's notifications are its
        UUID connection = connect(tenant, Provider.MICROSOFT_GRAPH, token, clientState,
                ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION, subscription));
        byte[] notification = MicrosoftGraphWebhooks.collection(message.notification("created", clientState,
                subscription));

        // the notification races the backfill: whichever comes first, the message is one signal
        HttpResponse<String> pushed = client.postWebhook("microsoft_graph", tenant, null, "application/json",
                notification, Map.of());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);

        // the drive is read last, so once its file is stored the polled message was processed too
        awaitKinds(tenant, "email_received", "file_created");

        String identity = "microsoft_graph:message:" + message.id() + "@" + message.version();
        assertThat(dedupeKeys(tenant)).contains(identity).hasSize(2);
        awaitJobs(connection, 1);

        mailbox.messages().expireStateTokens();
        mailbox.upload("Marker.docx", "patti@contoso.com", at.plusSeconds(120));
        HttpResponse<String> requested = client.send(HttpRequest.newBuilder(URI.create(stack.queryUrl()
                        + "/connections/" + connection + "/sync"))
                .header("Authorization", "Bearer " + stack.settings().operatorToken())
                .header("X-Tenant-Id", tenant.toString())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        awaitJobs(connection, 2);
        // the marker is on the drive, read after the messages' full round
        List<JsonNode> signals = await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.signals(tenant), all -> all.stream()
                        .anyMatch(s -> "Marker.docx".equals(s.path("title").asString())));

        assertThat(signals).extracting(s -> s.path("kind").asString())
                .containsExactlyInAnyOrder("email_received", "file_created", "file_created");
        assertThat(dedupeKeys(tenant)).hasSize(3).contains(identity);
        assertThat(graph.requests(token)).filteredOn(r -> r.path().endsWith("/messages/delta"))
                .filteredOn(r -> !String.valueOf(r.query()).contains("token=")).hasSize(2);
    }

    /**
     * An active connection with its access token, as the OAuth callback stores it, and the webhook secret and
     * binding provisioning writes; the engine finds it and backfills it.
     */
    private static UUID connect(UUID tenant, Provider provider, String token, String webhookSecret,
            ExternalIdentity binding) {
        return stack.seededConnections().upsert(tenant, provider, "ext-" + UUID.randomUUID(), null, webhookSecret,
                token, List.of(binding));
    }

    /** Waits until the tenant has a signal of each kind, and returns them all. */
    private static List<JsonNode> awaitKinds(UUID tenant, String... kinds) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> client.signals(tenant),
                signals -> List.of(kinds).stream().allMatch(kind -> signals.stream()
                        .anyMatch(s -> kind.equals(s.path("kind").asString()))));
    }

    /** Waits until {@code count} sync jobs of the connection succeeded (their events are then on Kafka). */
    private static void awaitJobs(UUID connection, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM sync_jobs WHERE connection_id = ? AND status = 'succeeded'")
                .param(connection).query(Long.class).single() >= count);
    }

    private static List<String> dedupeKeys(UUID tenant) {
        return jdbc.sql("SELECT dedupe_key FROM signals WHERE tenant_id = ? ORDER BY dedupe_key").param(tenant)
                .query(String.class).list();
    }
}
