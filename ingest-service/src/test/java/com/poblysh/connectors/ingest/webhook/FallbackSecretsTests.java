package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.ingest.webhook.WebhookRequests.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * With {@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS=true} the service-wide secrets of hand-made webhooks verify
 * deliveries of connections that hold no secret of their own, and still only those naming an identity one of the
 * tenant's connections is bound to (the same requests are refused without the opt-in: WebhookControllerTests,
 * JiraWebhookTests).
 */
@WebhookSliceTest
@WithProviderSecrets
@TestPropertySource(properties = "POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS=true")
class FallbackSecretsTests extends WebhookSlices {

    private final UUID tenant = UUID.randomUUID();

    @BeforeEach
    void connectionsHoldNoSecretOfTheirOwn() {
        given(connections.active(any(), any())).willAnswer(call -> call.getArgument(1) == null ? List.of()
                : KitConnections.withoutSecrets(call.getArgument(1, Provider.class)));
    }

    @Test
    void acceptsAGitHubDeliverySignedWithTheFallbackAsTheConnectionCoveringItsRepository() throws Exception {
        mvc.perform(github(GitHubWebhooks.fixture("pull_request-opened").bodyBytes())).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.GITHUB));
    }

    @Test
    void refusesAGitHubDeliverySignedWithTheFallbackWhoseRepositoryNoConnectionCovers() throws Exception {
        byte[] elsewhere = GitHubWebhooks.fixture("pull_request-opened").withBody(b -> {
            ((ObjectNode) b.get("repository")).put("id", 42L);
            return b;
        }).bodyBytes();

        expectProblem(mvc.perform(github(elsewhere)), 401, "INVALID_SIGNATURE");
        verify(publisher, never()).publish(any());
    }

    @Test
    void acceptsAJiraAdminWebhookSignedWithTheFallbackOnlyForABoundSite() throws Exception {
        byte[] body = JiraWebhooks.fixture("issue_created").bodyBytes();
        byte[] otherSite = new String(body, StandardCharsets.UTF_8).replace(JiraWebhooks.SITE, "globex.atlassian.net")
                .getBytes(StandardCharsets.UTF_8);

        mvc.perform(jira(body).header(JiraWebhooks.SIGNATURE_HEADER,
                JiraWebhooks.signature(JiraWebhooks.WEBHOOK_SECRET, body))).andExpect(status().isAccepted());
        expectProblem(mvc.perform(jira(otherSite).header(JiraWebhooks.SIGNATURE_HEADER,
                JiraWebhooks.signature(JiraWebhooks.WEBHOOK_SECRET, otherSite))), 401, "INVALID_SIGNATURE");

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.JIRA));
    }

    @Test
    void acceptsAConnectWebhookSignedWithTheConfiguredClientSecretAsTheConnectionBoundToItsIssuer()
            throws Exception {
        byte[] body = JiraWebhooks.fixture("issue_created").bodyBytes();
        String token = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(JiraWebhooks.ISSUER,
                Instant.now().getEpochSecond(), JiraWebhooks.queryStringHash("/webhooks/jira/" + tenant)));

        mvc.perform(jira(body).header("Authorization", "JWT " + token)).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.JIRA));
    }

    @Test
    void acceptsAGraphNotificationCarryingTheFallbackClientStateOnlyForASubscriptionOfTheTenant() throws Exception {
        mvc.perform(graph(MicrosoftGraphWebhooks.collection(MicrosoftGraphWebhooks.change(
                        MicrosoftGraphWebhooks.CLIENT_STATE, MicrosoftGraphWebhooks.SUBSCRIPTION_ID, "created",
                        "Users/0fd4/Messages/AAMk1=", "W/\"f\""))))
                .andExpect(status().isAccepted());
        expectProblem(mvc.perform(graph(MicrosoftGraphWebhooks.collection(MicrosoftGraphWebhooks.change(
                MicrosoftGraphWebhooks.CLIENT_STATE, UUID.randomUUID().toString(), "created",
                "Users/0fd4/Messages/AAMk1=", "W/\"g\"")))), 404, "NOT_FOUND");

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.MICROSOFT_GRAPH));
    }

    private RawEvent published() {
        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        return published.getValue();
    }

    private MockHttpServletRequestBuilder github(byte[] body) {
        return post("/webhooks/github/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", GitHubWebhooks.deliveryId())
                .header(GitHubWebhooks.SIGNATURE_HEADER, GitHubWebhooks.signature(GitHubWebhooks.SECRET, body));
    }

    private MockHttpServletRequestBuilder jira(byte[] body) {
        return post("/webhooks/jira/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private MockHttpServletRequestBuilder graph(byte[] body) {
        return post("/webhooks/microsoft_graph/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }
}
