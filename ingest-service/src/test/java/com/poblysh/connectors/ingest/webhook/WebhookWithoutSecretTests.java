package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.ingest.GithubWebhooks.deliveryId;
import static com.poblysh.connectors.ingest.GithubWebhooks.fixture;
import static com.poblysh.connectors.ingest.GithubWebhooks.signature;
import static com.poblysh.connectors.ingest.webhook.WebhookControllerTests.expectProblem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Without {@code POBLYSH_GITHUB_WEBHOOK_SECRET} the public GitHub path is closed, not unverified. */
@WebhookSliceTest
class WebhookWithoutSecretTests {

    private static final byte[] BODY = fixture("pull_request.opened");

    @Autowired
    MockMvc mvc;

    @Autowired
    RawEventPublisher publisher;

    @BeforeEach
    void resetPublisher() {
        clearInvocations(publisher);
    }

    @ParameterizedTest
    @ValueSource(strings = {"any-secret", "test-github-webhook-secret"})
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
