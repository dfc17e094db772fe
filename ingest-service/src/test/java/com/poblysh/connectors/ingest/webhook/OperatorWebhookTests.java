package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.ingest.webhook.WebhookRequests.expectProblem;
import static com.poblysh.connectors.testkit.GitHubWebhooks.deliveryId;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /webhooks/{provider}} for operators: operator token and {@code X-Tenant-Id}, optionally
 * {@code X-Connection-Id}, which must be a connection of that tenant and provider (else 404, as if it did not exist).
 */
@WebhookSliceTest
class OperatorWebhookTests extends WebhookSlices {

    private static final byte[] BODY = fixture("pull_request-opened").bodyBytes();

    private final UUID tenant = UUID.randomUUID();

    @Test
    void publishesAnOperatorsDeliveryAsTheConnectionBoundToWhatItNames() throws Exception {
        mvc.perform(operator(BODY)).andExpect(status().isAccepted()).andExpect(jsonPath("$.event_id").exists());

        RawEvent event = published();
        assertThat(event.getTenantId()).isEqualTo(tenant);
        assertThat(event.getConnectionId()).isEqualTo(KitConnections.id(Provider.GITHUB));
    }

    @Test
    void publishesItAsTheConnectionTheOperatorNames() throws Exception {
        UUID named = UUID.randomUUID();
        given(connections.exists(TenantId.of(tenant), Provider.GITHUB, named)).willReturn(true);

        mvc.perform(operator(BODY).header("X-Connection-Id", named.toString())).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isEqualTo(named);
    }

    @Test
    void answers404ForAConnectionOfAnotherTenantAndPublishesNothing() throws Exception {
        UUID othersConnection = UUID.randomUUID();
        given(connections.exists(TenantId.of(tenant), Provider.GITHUB, othersConnection)).willReturn(false);

        expectProblem(mvc.perform(operator(BODY).header("X-Connection-Id", othersConnection.toString())), 404,
                "NOT_FOUND");
        expectProblem(mvc.perform(post("/webhooks/github/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON)
                .content(BODY).header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", deliveryId())
                .header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN)
                .header("X-Connection-Id", othersConnection.toString())), 404, "NOT_FOUND");

        verify(publisher, never()).publish(any());
    }

    @Test
    void answers400ForAConnectionIdThatIsNotAUuid() throws Exception {
        expectProblem(mvc.perform(operator(BODY).header("X-Connection-Id", "conn-1")), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.details['X-Connection-Id']").exists());
    }

    @Test
    void publishesAnUnattributedDeliveryWhenNothingItNamesIsBound() throws Exception {
        byte[] elsewhere = fixture("pull_request-opened").withBody(b -> {
            ((ObjectNode) b.get("repository")).put("id", 5L);
            return b;
        }).bodyBytes();

        mvc.perform(operator(elsewhere)).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isNull();
    }

    @Test
    void answers401WithoutAnOperatorTokenOrWithAWrongOne() throws Exception {
        expectProblem(mvc.perform(delivery(BODY).header("X-Tenant-Id", tenant.toString())), 401, "UNAUTHORIZED");
        expectProblem(mvc.perform(delivery(BODY).header("X-Tenant-Id", tenant.toString())
                .header("Authorization", "Bearer guessed")), 401, "UNAUTHORIZED");
        verify(publisher, never()).publish(any());
    }

    @Test
    void answers400WithoutTheTenantHeader() throws Exception {
        expectProblem(mvc.perform(delivery(BODY).header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN)),
                400, "VALIDATION_FAILED").andExpect(jsonPath("$.details['X-Tenant-Id']").exists());
    }

    @Test
    void answers404ForAnUnknownProvider() throws Exception {
        expectProblem(mvc.perform(post("/webhooks/gitlab").contentType(MediaType.APPLICATION_JSON).content(BODY)
                .header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN)
                .header("X-Tenant-Id", tenant.toString())), 404, "NOT_FOUND");
    }

    private RawEvent published() {
        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        return published.getValue();
    }

    private MockHttpServletRequestBuilder operator(byte[] body) {
        return delivery(body).header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN)
                .header("X-Tenant-Id", tenant.toString());
    }

    private static MockHttpServletRequestBuilder delivery(byte[] body) {
        return post("/webhooks/github").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", deliveryId());
    }
}
