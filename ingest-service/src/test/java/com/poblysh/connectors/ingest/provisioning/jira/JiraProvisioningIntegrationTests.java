package com.poblysh.connectors.ingest.provisioning.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.RawEventsTopic;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.jira.JiraWebhook;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jira Cloud dynamic webhooks against the fake Jira, which delivers to this service over HTTP signed as Jira signs an
 * OAuth 2.0 app's deliveries: a connection gets one webhook per site, whose deliveries become raw events of that
 * connection; reconciling refreshes webhooks before their 30-day expiry, registers again one Jira no longer has, and
 * keeps a refusal Jira answers with 200 as the webhook's error. Times come from a clock the fake shares.
 */
@IngestIntegrationTest
class JiraProvisioningIntegrationTests {

    static final MutableClock CLOCK = new MutableClock();
    static FakeJiraApi jira;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    AccessTokens tokens;
    @Autowired
    WebhookConnections connections;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretCipher cipher;
    @Autowired
    JsonMapper json;

    UUID tenant;
    String token;
    FakeJiraApi.Site site;
    UUID connection;

    @BeforeAll
    static void startJira() {
        jira = FakeJiraApi.start(CLOCK);
    }

    @AfterAll
    static void stopJira() {
        jira.close();
    }

    @BeforeEach
    void aConnectedSite() {
        tenant = UUID.randomUUID();
        token = "jira-token-" + tenant;
        site = jira.site("hooked-" + tenant.toString().substring(0, 8), ZoneId.of("UTC"));
        jira.grant(token, site);
        connection = connection(tenant, token);
    }

    @Test
    void aConnectionGetsAWebhookPerSiteWhoseDeliveriesBecomeEventsOfTheConnection() throws Exception {
        FakeJiraApi.Site second = jira.site("also-" + tenant.toString().substring(0, 8), ZoneId.of("UTC"));
        jira.grant(token, second);

        List<Map<String, Object>> actions = provisioner("project != null").provision(context());

        assertThat(actions).extracting(a -> a.get("action")).containsExactly("created", "created");
        JiraWebhook webhook = site.webhooks().get(0);
        assertThat(webhook.url()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/jira/" + tenant);
        assertThat(webhook.events()).containsExactly("jira:issue_created", "jira:issue_updated", "comment_created");
        assertThat(webhook.jqlFilter()).isEqualTo("project != null");
        assertThat(second.webhooks()).hasSize(1);
        Map<String, Object> row = row(site);
        assertThat(row).containsEntry("target_kind", "site").containsEntry("target_name", site.url())
                .containsEntry("external_id", Long.toString(webhook.id()))
                .containsEntry("api_url", jira.baseUrl() + "/ex/jira/" + site.cloudId() + "/rest/api/3/webhook");
        assertThat(expiresAt(site)).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
        assertThat(row.get("last_error")).isNull();

        FakeJiraApi.Issue issue = site.createIssue("PAY-1", "Delivered by the registered webhook", "Ada",
                CLOCK.instant());
        assertThat(webhook.deliver(issue.createdWebhook())).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitRecords(r -> !r.isEmpty());
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.value().getConnectionId()).isEqualTo(connection);
                assertThat(r.value().getEventType()).isEqualTo("jira:issue_created");
            });
        }
    }

    @Test
    void aDeliveryReplayedToAnotherTenantsPathOrAfterTheConnectionIsRevokedIsRefused() throws Exception {
        provisioner("project != null").provision(context());
        JiraWebhook webhook = site.webhooks().get(0);
        byte[] body = site.createIssue("PAY-2", "Only this tenant's", "Ada", CLOCK.instant()).createdWebhook();
        UUID other = UUID.randomUUID();
        connection(other, "jira-token-" + other);

        assertThat(post(other, body)).isEqualTo(401);
        assertThat(webhook.deliver(body)).isEqualTo(202);

        jdbc.sql("UPDATE connections SET status = 'revoked' WHERE id = ?").params(connection).update();
        connections.forget(TenantId.of(tenant), Provider.JIRA);
        assertThat(webhook.deliver(body)).isEqualTo(401);
    }

    @Test
    void aWebhookIsKeptWhileFarFromExpiryAndRefreshedWithinTheLookAhead() throws Exception {
        JiraWebhookProvisioner provisioner = provisioner("project != null");
        provisioner.provision(context());
        JiraWebhook webhook = site.webhooks().get(0);

        CLOCK.advance(Duration.ofDays(20));
        assertThat(provisioner.provision(context())).extracting(a -> a.get("action")).containsExactly("kept");
        assertThat(webhook.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(10)));

        CLOCK.advance(Duration.ofDays(4));
        assertThat(provisioner.provision(context())).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("action", "refreshed")
                        .containsEntry("webhook_id", Long.toString(webhook.id())));
        assertThat(webhook.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(30)));
        assertThat(expiresAt(site)).isEqualTo(webhook.expiresAt());
        assertThat(((Timestamp) row(site).get("last_renewed_at")).toInstant()).isEqualTo(CLOCK.instant());
        assertThat(site.webhooks()).extracting(JiraWebhook::id).containsExactly(webhook.id());
    }

    @Test
    void aWebhookGoneAtJiraIsRegisteredAgain() throws Exception {
        JiraWebhookProvisioner provisioner = provisioner("project != null");
        provisioner.provision(context());
        long first = site.webhooks().get(0).id();
        assertThat(site.dropWebhook(first)).isTrue();

        assertThat(provisioner.provision(context())).extracting(a -> a.get("action")).containsExactly("recreated");

        JiraWebhook again = site.webhooks().get(0);
        assertThat(again.id()).isNotEqualTo(first);
        assertThat(row(site)).containsEntry("external_id", Long.toString(again.id()));
        assertThat(again.deliver(site.createIssue("PAY-3", "After the re-registration", "Ada", CLOCK.instant())
                .createdWebhook())).isEqualTo(202);
    }

    @Test
    void aSiteTheTokenNoLongerReachesLosesItsRowAndBindings() throws Exception {
        FakeJiraApi.Site second = jira.site("left-" + tenant.toString().substring(0, 8), ZoneId.of("UTC"));
        jira.grant(token, second);
        JiraWebhookProvisioner provisioner = provisioner("project != null");
        provisioner.provision(context());
        jira.ungrant(token, second);

        assertThat(provisioner.provision(context())).extracting(a -> a.get("action"))
                .containsExactlyInAnyOrder("kept", "forgotten");

        assertThat(jdbc.sql("SELECT count(*) FROM connection_webhooks WHERE connection_id = ? AND target_id = ?")
                .params(connection, second.cloudId()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT value FROM connection_bindings WHERE connection_id = ? AND kind IN ('cloud', 'site')")
                .params(connection).query(String.class).list())
                .containsExactlyInAnyOrder(site.cloudId(), URI.create(site.url()).getHost());
    }

    @Test
    void aRefusalInJirasOkAnswerIsTheWebhooksErrorAndFailsTheRun() {
        site.refuseNextWebhook("Webhook limit reached for this app");

        assertThatThrownBy(() -> provisioner("project != null").provision(context()))
                .isInstanceOfSatisfying(PollException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PollException.Kind.PERMANENT);
                    assertThat(e.code()).isEqualTo("webhooks_refused");
                });
        Map<String, Object> row = row(site);
        assertThat(row.get("external_id")).isNull();
        assertThat(json.readTree(row.get("last_error").toString()).path("code").asString())
                .isEqualTo("webhook_refused");
        assertThat(row.get("last_error").toString()).contains("Webhook limit reached for this app");
    }

    @Test
    void aJqlFilterDynamicWebhooksDoNotSupportIsRefused() {
        assertThatThrownBy(() -> provisioner("updated >= -1d").provision(context()))
                .isInstanceOf(PollException.class);

        assertThat(site.webhooks()).isEmpty();
        assertThat(row(site).get("last_error").toString()).contains("webhook_refused");
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndRegistersNothing() {
        jira.revoke(token);

        assertThatThrownBy(() -> provisioner("project != null").provision(context()))
                .isInstanceOfSatisfying(PollException.class,
                        e -> assertThat(e.kind()).isEqualTo(PollException.Kind.UNAUTHORIZED));
        assertThat(site.webhooks()).isEmpty();
    }

    private JiraWebhookProvisioner provisioner(String jql) {
        JiraProvisioningProperties properties = new JiraProvisioningProperties("http://127.0.0.1:" + port,
                URI.create(jira.baseUrl()), JiraWebhooks.ISSUER,
                List.of("jira:issue_created", "jira:issue_updated", "comment_created"), jql, Duration.ofHours(6),
                Duration.ofDays(7), Duration.ofSeconds(5));
        return new JiraWebhookProvisioner(properties, tokens, connections, jdbc, cipher, json, CLOCK,
                new SimpleMeterRegistry());
    }

    private PollContext context() {
        return new PollContext(UUID.randomUUID(), TenantId.of(tenant), Provider.JIRA, connection, SyncType.PROVISION,
                null, 1);
    }

    /** An active Jira connection of {@code owner} whose token is {@code accessToken}, without bindings. */
    private UUID connection(UUID owner, String accessToken) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext)
                        VALUES (?, ?, 'jira', ?, 'active', ?)""")
                .params(id, owner, "cloud-" + id, cipher.encrypt(accessToken, SecretBinding.accessToken(id)))
                .update();
        return id;
    }

    private Map<String, Object> row(FakeJiraApi.Site of) {
        return jdbc.sql("SELECT target_kind, target_name, external_id, api_url, last_renewed_at, last_error"
                + " FROM connection_webhooks WHERE connection_id = ? AND target_id = ?")
                .params(connection, of.cloudId()).query().singleRow();
    }

    private Instant expiresAt(FakeJiraApi.Site of) {
        return jdbc.sql("SELECT expires_at FROM connection_webhooks WHERE connection_id = ? AND target_id = ?")
                .params(connection, of.cloudId()).query(OffsetDateTime.class).single().toInstant();
    }

    private int post(UUID to, byte[] body) throws Exception {
        String jwt = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(
                Instant.now().getEpochSecond(), null));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/jira/" + to))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + jwt)
                .header(JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
