package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.local.LocalStackSettings.ProviderSecrets;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import com.poblysh.connectors.testkit.SlackWebhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each provider's verified webhook travels ingest → Kafka → processor → Postgres → {@code GET /signals} on the real
 * stack as a signal of the tenant's connection it is bound to, and the same delivery posted again adds nothing. Replays are proven absent by a later marker delivery of
 * the same tenant (same partition, so once the marker is visible the replay was processed).
 */
class ProvidersPipelineIntegrationTests extends OnRunningStack {

    private static final Duration WAIT = Duration.ofSeconds(30);
    static ProviderSecrets secrets;

    @BeforeAll
    static void readSecrets() {
        secrets = stack.settings().providerSecrets();
    }

    @Test
    void githubIssueBecomesASignalOfItsConnectionAndItsRedeliveryAddsNothing() {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        String delivery = UUID.randomUUID().toString();
        Instant createdAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);

        assertThat(client.postSignedIssue(tenant, delivery, createdAt).statusCode()).isEqualTo(202);
        JsonNode signal = awaitSignal(tenant, "issue_created");
        assertThat(signal.path("provider").asString()).isEqualTo("github");
        assertThat(signal.path("connection_id").asString()).isEqualTo(client.connection(tenant, Provider.GITHUB));
        assertThat(Instant.parse(signal.path("occurred_at").asString())).isEqualTo(createdAt);

        assertThat(client.postSignedIssue(tenant, delivery, createdAt).statusCode()).isEqualTo(202);
        assertReplayAddedNothing(tenant, 1);
    }

    @Test
    void slackMessageBecomesASignalOfItsWorkspacesConnectionAndItsRetryAddsNothing() {
        UUID tenant = client.connectedTenant(Provider.SLACK, Provider.GITHUB);
        long ts = Instant.now().minusSeconds(5).getEpochSecond();
        String eventId = "Ev" + Long.toHexString(System.nanoTime()).toUpperCase();
        byte[] body = SlackWebhooks.message(eventId, "Deploy finished on staging", ts);

        HttpResponse<String> challenge = slack(tenant, SlackWebhooks.urlVerification("c4a11en9e"), Map.of());
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(PipelineClient.JSON.readTree(challenge.body()).path("challenge").asString()).isEqualTo("c4a11en9e");

        HttpResponse<String> first = slack(tenant, body, Map.of());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode signal = awaitSignal(tenant, "message_posted");
        assertThat(signal.path("provider").asString()).isEqualTo("slack");
        assertThat(signal.path("connection_id").asString()).isEqualTo(client.connection(tenant, Provider.SLACK));
        assertThat(signal.path("title").asString()).isEqualTo("Deploy finished on staging");
        assertThat(signal.path("actor").asString()).isEqualTo("U2147483697");
        assertThat(Instant.parse(signal.path("occurred_at").asString()))
                .isEqualTo(Instant.ofEpochSecond(ts).plus(200, ChronoUnit.MICROS));

        HttpResponse<String> retry = slack(tenant, body, Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout"));
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertReplayAddedNothing(tenant, 1);
    }

    @Test
    void jiraAdminAndOauthAppWebhooksBecomeSignalsOfTheSitesConnectionAndARetryAddsNothing() {
        UUID tenant = client.connectedTenant(Provider.JIRA, Provider.GITHUB);
        Instant created = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        byte[] issue = JiraWebhooks.issueCreated("PROJ-12", "Checkout fails for saved cards", created);
        Map<String, String> admin = Map.of(JiraWebhooks.SIGNATURE_HEADER,
                JiraWebhooks.signature(secrets.jiraWebhookSecret(), issue),
                JiraWebhooks.IDENTIFIER_HEADER, UUID.randomUUID().toString());
        byte[] comment = JiraWebhooks.commentCreated("PROJ-12", "Arjun Mehta", created.plusSeconds(30));
        String appJwt = JiraWebhooks.jwt(secrets.jiraClientSecret(),
                JiraWebhooks.claims(JiraWebhooks.ISSUER, Instant.now().getEpochSecond(), null));

        assertThat(json(tenant, "jira", issue, admin).statusCode()).isEqualTo(202);
        assertThat(json(tenant, "jira", comment, Map.of("Authorization", "Bearer " + appJwt)).statusCode())
                .isEqualTo(202);

        JsonNode created1 = awaitSignal(tenant, "issue_created");
        assertThat(created1.path("title").asString()).isEqualTo("PROJ-12: Checkout fails for saved cards");
        assertThat(created1.path("url").asString()).isEqualTo("https://acme.atlassian.net/browse/PROJ-12");
        assertThat(Instant.parse(created1.path("occurred_at").asString())).isEqualTo(created);
        JsonNode commented = awaitSignal(tenant, "issue_comment");
        assertThat(commented.path("actor").asString()).isEqualTo("Arjun Mehta");
        assertThat(List.of(created1, commented)).extracting(s -> s.path("connection_id").asString())
                .containsOnly(client.connection(tenant, Provider.JIRA));

        assertThat(json(tenant, "jira", issue, Map.of(JiraWebhooks.SIGNATURE_HEADER,
                admin.get(JiraWebhooks.SIGNATURE_HEADER),
                JiraWebhooks.IDENTIFIER_HEADER, admin.get(JiraWebhooks.IDENTIFIER_HEADER),
                "X-Atlassian-Webhook-Retry", "1")).statusCode()).isEqualTo(202);
        assertReplayAddedNothing(tenant, 2);
    }

    @Test
    void graphNotificationsBecomeOneSignalEachOfTheSubscriptionsConnectionAndARetriedBatchAddsNothing() {
        UUID tenant = client.connectedTenant(Provider.MICROSOFT_GRAPH, Provider.GITHUB);
        byte[] batch = MicrosoftGraphWebhooks.notifications(secrets.graphClientState());

        HttpResponse<String> validation = client.postWebhook("microsoft_graph", tenant,
                "validationToken=Validation%3A+Testing+client+application+reachability", "text/plain",
                new byte[0], Map.of());
        assertThat(validation.statusCode()).isEqualTo(200);
        assertThat(validation.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(validation.body()).isEqualTo("Validation: Testing client application reachability");

        HttpResponse<String> first = json(tenant, "microsoft_graph", batch, Map.of());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(PipelineClient.JSON.readTree(first.body()).path("event_ids")).hasSize(2);
        JsonNode email = awaitSignal(tenant, "email_received");
        assertThat(email.path("title").asString()).isEqualTo("Email received");
        assertThat(email.path("connection_id").asString())
                .isEqualTo(client.connection(tenant, Provider.MICROSOFT_GRAPH));
        assertThat(awaitSignal(tenant, "calendar_event_updated").path("provider").asString())
                .isEqualTo("microsoft_graph");

        HttpResponse<String> retry = json(tenant, "microsoft_graph", batch, Map.of());
        assertThat(retry.body()).isEqualTo(first.body());
        assertReplayAddedNothing(tenant, 2);

        byte[] forged = MicrosoftGraphWebhooks.notifications("not-the-client-state");
        assertThat(json(tenant, "microsoft_graph", forged, Map.of()).statusCode()).isEqualTo(401);
        byte[] unknown = MicrosoftGraphWebhooks.notifications(secrets.graphClientState(),
                UUID.randomUUID().toString());
        assertThat(json(tenant, "microsoft_graph", unknown, Map.of()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> slack(UUID tenant, byte[] body, Map<String, String> extra) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> headers = new java.util.HashMap<>(extra);
        headers.put(SlackWebhooks.TIMESTAMP_HEADER, timestamp);
        headers.put(SlackWebhooks.SIGNATURE_HEADER, SlackWebhooks.signature(secrets.slackSigningSecret(), timestamp,
                body));
        return json(tenant, "slack", body, headers);
    }

    private static HttpResponse<String> json(UUID tenant, String provider, byte[] body, Map<String, String> headers) {
        return client.postWebhook(provider, tenant, null, "application/json", body, headers);
    }

    private static JsonNode awaitSignal(UUID tenant, String kind) {
        return await().atMost(WAIT).until(() -> client.signals(tenant).stream()
                        .filter(s -> kind.equals(s.path("kind").asString())).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    /** Posts a marker GitHub issue for the tenant, waits for it, and checks that only {@code before} others exist. */
    private static void assertReplayAddedNothing(UUID tenant, int before) {
        // A time no other signal of the tenant has (a future one would be bounded by its receipt).
        Instant markerAt = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(client.postSignedIssue(tenant, UUID.randomUUID().toString(), markerAt).statusCode())
                .isEqualTo(202);
        List<JsonNode> signals = await().atMost(WAIT).until(() -> client.signals(tenant), list -> list.stream()
                .anyMatch(s -> Instant.parse(s.path("occurred_at").asString()).equals(markerAt)));
        assertThat(signals).as("signals after the replay and the marker").hasSize(before + 1);
    }
}
