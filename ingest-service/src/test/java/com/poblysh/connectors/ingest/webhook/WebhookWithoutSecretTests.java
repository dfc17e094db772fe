package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.GitHubWebhooks.SECRET;
import static com.poblysh.connectors.testkit.GitHubWebhooks.deliveryId;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static com.poblysh.connectors.testkit.GitHubWebhooks.signature;
import static com.poblysh.connectors.ingest.webhook.WebhookControllerTests.expectProblem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import com.poblysh.connectors.testkit.SlackWebhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Without a configured secret (and without connection secrets) every provider's public path is closed, not
 * unverified: a request signed exactly as the provider would, with the secret the tests use elsewhere, is refused,
 * although the tenant's connections are bound to what it names.
 */
@WebhookSliceTest
class WebhookWithoutSecretTests extends WebhookSlices {

    private static final byte[] BODY = fixture("pull_request-opened").bodyBytes();

    @BeforeEach
    void noConnectionHasASecret() {
        given(connections.active(any(), any())).willAnswer(call ->
                call.getArgument(1) == null ? List.of() : KitConnections.withoutSecrets(call.getArgument(1, Provider.class)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"any-secret", SECRET})
    void answers401ToEverySignature(String guessedSecret) throws Exception {
        expectProblem(mvc.perform(delivery().header("X-Hub-Signature-256", signature(guessedSecret, BODY))), 401,
                "INVALID_SIGNATURE");
        verify(publisher, never()).publish(any());
    }

    @Test
    void answers401WithoutASignature() throws Exception {
        expectProblem(mvc.perform(delivery()), 401, "INVALID_SIGNATURE");
        verify(publisher, never()).publish(any());
    }

    static Stream<Arguments> otherProviders() {
        String now = SlackWebhooks.now();
        byte[] slack = SlackWebhooks.message("Ev0CLOSED1", "closed");
        byte[] jira = JiraWebhooks.fixture("issue_created").bodyBytes();
        String jwt = JiraWebhooks.jwt(JiraWebhooks.CLIENT_SECRET, JiraWebhooks.claims(Instant.now().getEpochSecond(),
                "context-qsh"));
        return Stream.of(
                Arguments.of(Named.of("slack", post("/webhooks/slack/{t}", UUID.randomUUID())
                        .contentType(MediaType.APPLICATION_JSON).content(slack)
                        .header("X-Slack-Request-Timestamp", now)
                        .header("X-Slack-Signature", SlackWebhooks.signature(SlackWebhooks.SECRET, now, slack)))),
                Arguments.of(Named.of("jira admin webhook", post("/webhooks/jira/{t}", UUID.randomUUID())
                        .contentType(MediaType.APPLICATION_JSON).content(jira)
                        .header("X-Hub-Signature", JiraWebhooks.signature(JiraWebhooks.WEBHOOK_SECRET, jira)))),
                Arguments.of(Named.of("jira app webhook", post("/webhooks/jira/{t}", UUID.randomUUID())
                        .contentType(MediaType.APPLICATION_JSON).content(jira).header("Authorization", "JWT " + jwt))),
                Arguments.of(Named.of("microsoft_graph", post("/webhooks/microsoft_graph/{t}", UUID.randomUUID())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(MicrosoftGraphWebhooks.notifications(MicrosoftGraphWebhooks.CLIENT_STATE)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherProviders")
    void answers401ForEveryOtherProvider(MockHttpServletRequestBuilder request) throws Exception {
        expectProblem(mvc.perform(request), 401, "INVALID_SIGNATURE");
        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void stillAdmitsAnOperator() throws Exception {
        mvc.perform(delivery().header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN))
                .andExpect(status().isAccepted());
        verify(publisher).publish(any());
    }

    private static MockHttpServletRequestBuilder delivery() {
        return post("/webhooks/github/{tenant}", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .content(BODY).header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", deliveryId());
    }
}
