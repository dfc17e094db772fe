package com.poblysh.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import com.poblysh.connectors.testkit.SlackWebhooks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * An admin of tenant A copies one of A's deliveries (body and credentials, as a provider's "recent deliveries" page
 * shows them) and posts it to tenant B's path. For every provider the answer is 401 (404 for a Graph subscription B
 * does not have) and nothing reaches {@code connectors.raw-events} for B, proven by a later marker delivery of B on
 * the same partition; the same delivery on A's own path is accepted as A's connection. Real HTTP, Postgres, Kafka.
 */
@IngestIntegrationTest
class CrossTenantReplayIntegrationTests extends LiveIngestTests {

    private Tenant a;
    private Tenant b;

    /** A tenant with one connection per provider, each with its own secret and identities. */
    private record Tenant(UUID id, String label, Map<Provider, UUID> connections) {

        String secret(Provider provider) {
            return label + "-" + provider.id() + "-secret";
        }

        String repository() {
            return label.equals("a") ? "1001" : "2002";
        }

        String team() {
            return label.equals("a") ? "T0AAAAAAA" : "T0BBBBBBB";
        }

        String site() {
            return label + "-site.atlassian.net";
        }

        String clientKey() {
            return label + "-connect-client-key";
        }

        String subscription() {
            return label.equals("a") ? "aaaaaaaa-1111-4111-8111-aaaaaaaaaaaa" : "bbbbbbbb-2222-4222-8222-bbbbbbbbbbbb";
        }
    }

    @BeforeEach
    void twoTenants() {
        a = tenant("a");
        b = tenant("b");
    }

    @Test
    void aGitHubDeliveryOfTenantAPostedToTenantBIsRefused() throws Exception {
        byte[] body = githubBody(a.repository());
        Map<String, String> headers = Map.of("X-GitHub-Event", "issues", "X-GitHub-Delivery",
                GitHubWebhooks.deliveryId(), GitHubWebhooks.SIGNATURE_HEADER,
                GitHubWebhooks.signature(a.secret(Provider.GITHUB), body));

        assertRefusedForBAndAcceptedForA(Provider.GITHUB, body, headers);
    }

    @Test
    void aSlackEventOfTenantAsWorkspacePostedToTenantBIsRefusedThoughSignedWithTheSameAppSecret() throws Exception {
        byte[] body = SlackWebhooks.messageOf(a.team(), SlackWebhooks.APP_ID, "Ev" + System.nanoTime(), "A's");
        String timestamp = SlackWebhooks.now();
        Map<String, String> headers = Map.of(SlackWebhooks.TIMESTAMP_HEADER, timestamp,
                SlackWebhooks.SIGNATURE_HEADER, SlackWebhooks.signature(SlackWebhooks.SECRET, timestamp, body));

        assertRefusedForBAndAcceptedForA(Provider.SLACK, body, headers);
    }

    @Test
    void aJiraAdminWebhookOfTenantAPostedToTenantBIsRefused() throws Exception {
        byte[] body = jiraBody(a.site());
        Map<String, String> headers = Map.of(JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString(),
                JiraWebhooks.SIGNATURE_HEADER, JiraWebhooks.signature(a.secret(Provider.JIRA), body));

        assertRefusedForBAndAcceptedForA(Provider.JIRA, body, headers);
    }

    @Test
    void aJiraConnectWebhookOfTenantAPostedToTenantBIsRefused() throws Exception {
        byte[] body = jiraBody(a.site());
        String token = JiraWebhooks.jwt(a.secret(Provider.JIRA), JiraWebhooks.claims(a.clientKey(),
                Instant.now().getEpochSecond(), JiraWebhooks.queryStringHash("/webhooks/jira/" + a.id())));
        Map<String, String> headers = Map.of(JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString(),
                "Authorization", "JWT " + token);

        assertRefusedForBAndAcceptedForA(Provider.JIRA, body, headers);
    }

    @Test
    void aJiraOauthAppWebhookOfTenantAsSitePostedToTenantBIsRefusedThoughSignedWithTheAppsClientSecret()
            throws Exception {
        byte[] body = jiraBody(a.site());
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(JiraWebhooks.ISSUER,
                Instant.now().getEpochSecond(), null));
        Map<String, String> headers = Map.of(JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString(),
                "Authorization", "Bearer " + token);

        assertRefusedForBAndAcceptedForA(Provider.JIRA, body, headers);
    }

    @Test
    void aGraphNotificationOfTenantAsSubscriptionPostedToTenantBIsNotFound() throws Exception {
        byte[] body = MicrosoftGraphWebhooks.collection(MicrosoftGraphWebhooks.change(
                a.secret(Provider.MICROSOFT_GRAPH), a.subscription(), "created", "Users/0fd4/Messages/AAMk1=",
                "W/\"" + System.nanoTime() + "\""));

        HttpResponse<String> replayed = post("microsoft_graph", b.id(), body, Map.of());

        assertThat(replayed.statusCode()).isEqualTo(404);
        assertNothingPublishedFor(b);
        assertAcceptedAs(a, Provider.MICROSOFT_GRAPH, post("microsoft_graph", a.id(), body, Map.of()));
    }

    @Test
    void aGraphNotificationNamingTenantBsSubscriptionWithTenantAsClientStateIsRefused() throws Exception {
        byte[] body = MicrosoftGraphWebhooks.collection(MicrosoftGraphWebhooks.change(
                a.secret(Provider.MICROSOFT_GRAPH), b.subscription(), "created", "Users/0fd4/Messages/AAMk1=",
                "W/\"" + System.nanoTime() + "\""));

        assertThat(post("microsoft_graph", b.id(), body, Map.of()).statusCode()).isEqualTo(401);
        assertNothingPublishedFor(b);
    }

    private Tenant tenant(String label) {
        Tenant t = new Tenant(UUID.randomUUID(), label, new java.util.EnumMap<>(Provider.class));
        TestConnections connections = new TestConnections(jdbc, cipher);
        t.connections().put(Provider.GITHUB, connections.active(t.id(), Provider.GITHUB, t.secret(Provider.GITHUB),
                List.of(ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, t.repository()))));
        t.connections().put(Provider.SLACK, connections.active(t.id(), Provider.SLACK, null, List.of(
                ExternalIdentity.of(IdentityKind.SLACK_TEAM, t.team()),
                ExternalIdentity.of(IdentityKind.SLACK_APP, SlackWebhooks.APP_ID))));
        t.connections().put(Provider.JIRA, connections.active(t.id(), Provider.JIRA, t.secret(Provider.JIRA), List.of(
                ExternalIdentity.of(IdentityKind.JIRA_SITE, t.site()),
                ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, t.clientKey()),
                ExternalIdentity.of(IdentityKind.JIRA_JWT_ISSUER, JiraWebhooks.ISSUER))));
        t.connections().put(Provider.MICROSOFT_GRAPH, connections.active(t.id(), Provider.MICROSOFT_GRAPH,
                t.secret(Provider.MICROSOFT_GRAPH),
                List.of(ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION, t.subscription()))));
        return t;
    }

    private static byte[] githubBody(String repository) {
        return GitHubWebhooks.fixture("issues-opened").withBody(body -> {
            ((ObjectNode) body.get("repository")).put("id", Long.parseLong(repository));
            return body;
        }).bodyBytes();
    }

    private static byte[] jiraBody(String site) {
        return new String(JiraWebhooks.fixture("issue_created").bodyBytes(), StandardCharsets.UTF_8)
                .replace(JiraWebhooks.SITE, site).getBytes(StandardCharsets.UTF_8);
    }

    /** The delivery, copied from tenant A, is refused on B's path, leaves nothing for B and is A's on A's path. */
    private void assertRefusedForBAndAcceptedForA(Provider provider, byte[] body, Map<String, String> headers)
            throws Exception {
        assertThat(post(provider.id(), b.id(), body, headers).statusCode()).isEqualTo(401);
        assertNothingPublishedFor(b);
        assertAcceptedAs(a, provider, post(provider.id(), a.id(), body, headers));
    }

    /** Posts a GitHub delivery of the tenant's own and checks that it is the only record of the tenant. */
    private void assertNothingPublishedFor(Tenant tenant) throws Exception {
        String marker = GitHubWebhooks.deliveryId();
        byte[] body = githubBody(tenant.repository());
        assertThat(post("github", tenant.id(), body, Map.of("X-GitHub-Event", "issues", "X-GitHub-Delivery", marker,
                GitHubWebhooks.SIGNATURE_HEADER, GitHubWebhooks.signature(tenant.secret(Provider.GITHUB), body)))
                .statusCode()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant.id())) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitEvent(EventIds.eventId("github", marker));
            assertThat(records).extracting(r -> r.value().getDeliveryId()).containsExactly(marker);
        }
    }

    private void assertAcceptedAs(Tenant tenant, Provider provider, HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        var answer = json.readTree(response.body());
        UUID eventId = UUID.fromString(answer.has("event_id") ? answer.path("event_id").asString()
                : answer.path("event_ids").get(0).asString());
        try (RawEventsTopic topic = new RawEventsTopic(tenant.id())) {
            RawEvent event = topic.awaitEvent(eventId).stream().map(ConsumerRecord::value)
                    .filter(e -> e.getEventId().equals(eventId)).findFirst().orElseThrow();
            assertThat(event.getConnectionId()).isEqualTo(tenant.connections().get(provider));
        }
    }
}
