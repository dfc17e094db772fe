package com.poblysh.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.SlackWebhooks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slack posts every workspace's events to the app's one request URL, {@code POST /webhooks/slack}: each event goes
 * to the tenants whose connection is bound to its workspace and app, as that connection; {@code app_uninstalled}
 * and {@code tokens_revoked} revoke those connections. Real HTTP, Postgres and Kafka.
 */
@IngestIntegrationTest
class SlackAppUrlIntegrationTests extends LiveIngestTests {

    private TestConnections connections;
    private String team;

    @BeforeEach
    void aWorkspace() {
        connections = new TestConnections(jdbc, cipher);
        team = "T" + Long.toString(System.nanoTime(), 36).toUpperCase();
    }

    @Test
    void anEventGoesToEveryTenantThatConnectedTheWorkspaceAsItsConnection() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID unrelated = UUID.randomUUID();
        UUID firstConnection = connections.active(first, Provider.SLACK, null, workspace(team));
        UUID secondConnection = connections.active(second, Provider.SLACK, null, workspace(team));
        connections.active(unrelated, Provider.SLACK, null, workspace("T0UNRELATED"));
        String eventId = "Ev" + System.nanoTime();

        HttpResponse<String> response = post("/webhooks/slack",
                SlackWebhooks.messageOf(team, SlackWebhooks.APP_ID, eventId, "For both"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID event = EventIds.eventId("slack", eventId);
        assertThat(connectionOf(first, event)).isEqualTo(firstConnection);
        assertThat(connectionOf(second, event)).isEqualTo(secondConnection);
    }

    @Test
    void anEventOfAWorkspaceNoTenantConnectedIsRefused() throws Exception {
        HttpResponse<String> response = post("/webhooks/slack",
                SlackWebhooks.messageOf(team, SlackWebhooks.APP_ID, "Ev" + System.nanoTime(), "Nobody's"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app_uninstalled", "tokens_revoked"})
    void revocationMarksEveryConnectionOfTheWorkspaceRevokedAndPublishesNothing(String event) throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID connection = connections.active(tenant, Provider.SLACK, null, workspace(team));
        byte[] body = SlackWebhooks.revocation(event, team, SlackWebhooks.APP_ID, "Ev" + System.nanoTime());

        HttpResponse<String> first = post("/webhooks/slack", body);
        HttpResponse<String> retry = post("/webhooks/slack", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(connections.status(tenant, connection)).isEqualTo("revoked");
        assertThat(jdbc.sql("SELECT access_token_ciphertext IS NULL FROM connections WHERE id = ?").param(connection)
                .query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("SELECT actor, action, details ->> 'reason' AS reason FROM audit_log"
                        + " WHERE tenant_id = ? AND target_id = ?").params(tenant, connection.toString())
                .query().listOfRows()).singleElement().satisfies(row -> {
                    assertThat(row.get("actor")).isEqualTo("provider:slack");
                    assertThat(row.get("action")).isEqualTo("connection.revoked");
                    assertThat(row.get("reason")).isEqualTo(event);
                });
        // the revoked connection no longer takes events: a later one of the workspace is refused
        assertThat(post("/webhooks/slack", SlackWebhooks.messageOf(team, SlackWebhooks.APP_ID,
                "Ev" + System.nanoTime(), "After")).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevocationOnATenantsOwnPathRevokesThatTenantsConnectionOnly() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID connection = connections.active(tenant, Provider.SLACK, null, workspace(team));
        UUID othersConnection = connections.active(other, Provider.SLACK, null, workspace(team));

        HttpResponse<String> response = post("/webhooks/slack/" + tenant, SlackWebhooks.revocation("app_uninstalled",
                team, SlackWebhooks.APP_ID, "Ev" + System.nanoTime()));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(connections.status(tenant, connection)).isEqualTo("revoked");
        assertThat(connections.status(other, othersConnection)).isEqualTo("active");
    }

    private static List<ExternalIdentity> workspace(String team) {
        return List.of(ExternalIdentity.of(IdentityKind.SLACK_TEAM, team),
                ExternalIdentity.of(IdentityKind.SLACK_APP, SlackWebhooks.APP_ID));
    }

    private static UUID connectionOf(UUID tenant, UUID eventId) {
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            return topic.awaitEvent(eventId).stream().map(ConsumerRecord::value)
                    .filter(e -> e.getEventId().equals(eventId)).map(RawEvent::getConnectionId).findFirst()
                    .orElseThrow();
        }
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        String timestamp = SlackWebhooks.now();
        return post(path, body, Map.of(SlackWebhooks.TIMESTAMP_HEADER, timestamp,
                SlackWebhooks.SIGNATURE_HEADER, SlackWebhooks.signature(SlackWebhooks.SECRET, timestamp, body)));
    }
}
