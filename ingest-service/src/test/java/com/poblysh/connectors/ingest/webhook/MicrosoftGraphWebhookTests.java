package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.CLIENT_STATE;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.SUBSCRIPTION_ID;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.change;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.collection;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.driveChange;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.lifecycle;
import static com.poblysh.connectors.testkit.MicrosoftGraphWebhooks.notifications;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.ONE_MIB;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.expectProblem;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.expectRefusal;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.notUtf8;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.refusal;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft Graph notifications through the endpoint: validation, per-item binding by subscription and
 * authentication by clientState, batches, lifecycle.
 */
@WebhookSliceTest
@WithProviderSecrets
class MicrosoftGraphWebhookTests extends WebhookSlices {

    private static final String TENANT = UUID.randomUUID().toString();
    private static final String MESSAGE = "Users/0fd4/Messages/AAMk1=";

    @Autowired
    ConnectionOperations operations;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @Test
    void answersTheValidationTokenAsPlainTextAtOnceAndPublishesNothing() throws Exception {
        mvc.perform(post("/webhooks/microsoft_graph/{tenant}", TENANT)
                        .queryParam("validationToken", "Validation: Testing client application reachability")
                        .contentType(MediaType.TEXT_PLAIN))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(content().string("Validation: Testing client application reachability"));

        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void publishesEachNotificationOfABatchAsItsOwnRawEventWithoutItsClientState() throws Exception {
        JsonNode answer = json.readTree(mvc.perform(notification(notifications(CLIENT_STATE)))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getContentAsString());

        List<RawEvent> events = publishedBatch();
        assertThat(events).extracting(RawEvent::getEventType).containsExactly("message.created", "event.updated");
        assertThat(events).extracting(RawEvent::getDeliveryId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{64}"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getProvider()).isEqualTo("microsoft_graph");
            assertThat(e.getConnectionId()).isEqualTo(KitConnections.id(Provider.MICROSOFT_GRAPH));
            JsonNode payload = json.readTree(bytes(e));
            assertThat(payload.has("clientState")).isFalse();
            assertThat(payload.path("subscriptionId").asString()).isNotBlank();
        });
        assertThat(answer.path("event_ids")).hasSize(2);
        assertThat(answer.path("event_ids").get(0).asString()).isEqualTo(events.get(0).getEventId().toString());
    }

    @Test
    void aRetriedBatchGetsTheSameEventIds() throws Exception {
        byte[] body = notifications(CLIENT_STATE);
        String first = mvc.perform(notification(body)).andReturn().getResponse().getContentAsString();
        String retry = mvc.perform(notification(body)).andReturn().getResponse().getContentAsString();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void theNextChangeOfTheSameItemIsANewEvent() throws Exception {
        String sub = SUBSCRIPTION_ID;
        mvc.perform(notification(collection(change(CLIENT_STATE, sub, "updated", MESSAGE, "W/\"v1\""))));
        mvc.perform(notification(collection(change(CLIENT_STATE, sub, "updated", MESSAGE, "W/\"v2\""))));

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher, org.mockito.Mockito.times(2)).publish(published.capture());
        assertThat(published.getAllValues()).extracting(RawEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void dropsAndCountsItemsWithAWrongClientStateAndKeepsTheAuthenticOnes() throws Exception {
        double before = count("rejected_item");
        byte[] body = collection(change(CLIENT_STATE, SUBSCRIPTION_ID, "created", MESSAGE, "W/\"a\""),
                change("forged", SUBSCRIPTION_ID, "created", MESSAGE, "W/\"b\""),
                change(CLIENT_STATE, UUID.randomUUID().toString(), "created", MESSAGE, "W/\"c\""));

        mvc.perform(notification(body)).andExpect(status().isAccepted()).andExpect(jsonPath("$.event_id").exists());

        verify(publisher).publish(any());
        assertThat(count("rejected_item")).isEqualTo(before + 2);
    }

    @Test
    void attributesANotificationToTheConnectionHoldingItsSubscriptionWhoseSecretIsItsClientState() throws Exception {
        UUID connection = UUID.randomUUID();
        String sub = UUID.randomUUID().toString();
        holding(connection, "per-connection-state", sub);

        mvc.perform(notification(collection(change("per-connection-state", sub, "created", MESSAGE, "W/\"c\""))))
                .andExpect(status().isAccepted());

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        assertThat(published.getValue().getConnectionId()).isEqualTo(connection);
    }

    @Test
    void refusesTheClientStateOfAnotherConnectionOfTheTenantForThisSubscription() throws Exception {
        String sub = UUID.randomUUID().toString();
        given(connections.active(any(), eq(Provider.MICROSOFT_GRAPH))).willReturn(List.of(
                new WebhookConnection(UUID.randomUUID(), "holder-state", Set.of(subscription(sub))),
                new WebhookConnection(UUID.randomUUID(), "other-state", Set.of(subscription("other-sub")))));

        expectProblem(mvc.perform(notification(collection(change("other-state", sub, "created", MESSAGE,
                "W/\"c\"")))), 401, "INVALID_SIGNATURE");
    }

    @Test
    void answers404ForNotificationsOfSubscriptionsTheTenantDoesNotHave() throws Exception {
        expectProblem(mvc.perform(notification(notifications(CLIENT_STATE, UUID.randomUUID().toString()))), 404,
                "NOT_FOUND");

        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void routesLifecycleNotificationsToOperationsAndPublishesNothing() throws Exception {
        UUID connection = UUID.randomUUID();
        String sub = UUID.randomUUID().toString();
        holding(connection, "per-connection-state", sub);

        mvc.perform(notification(collection(lifecycle("per-connection-state", sub, "reauthorizationRequired"),
                        lifecycle("per-connection-state", sub, "missed"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_ids").isEmpty());

        verify(operations).recordRun(any(), eq(TenantId.parse(TENANT)), eq("graph_subscription_reauthorize"),
                eq(sub), anyMap());
        verify(operations).recordRun(any(), eq(TenantId.parse(TENANT)), eq("graph_resync"), eq(sub), anyMap());
        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void aMissedNotificationQueuesAFullSyncOfTheConnection() throws Exception {
        UUID connection = UUID.randomUUID();
        String sub = UUID.randomUUID().toString();
        holding(connection, "per-connection-state", sub);

        mvc.perform(notification(collection(lifecycle("per-connection-state", sub, "missed"))))
                .andExpect(status().isAccepted());

        verify(operations).queueFullSync(TenantId.parse(TENANT), Provider.MICROSOFT_GRAPH, connection);
        verify(operations, never()).queueIncrementalSync(any(), any(), any());
    }

    @Test
    void aDriveNotificationQueuesASyncOfItsConnectionAndPublishesNothing() throws Exception {
        UUID connection = UUID.randomUUID();
        String sub = UUID.randomUUID().toString();
        holding(connection, "per-connection-state", sub);

        mvc.perform(notification(collection(driveChange("per-connection-state", sub, "b!drive1"))))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_ids").isEmpty());

        verify(operations).queueIncrementalSync(TenantId.parse(TENANT), Provider.MICROSOFT_GRAPH, connection);
        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void aRequestWithSeveralDriveNotificationsOfOneConnectionQueuesOneSyncAndPublishesTheMail() throws Exception {
        UUID connection = UUID.randomUUID();
        String drive = UUID.randomUUID().toString();
        String mail = UUID.randomUUID().toString();
        given(connections.active(any(), eq(Provider.MICROSOFT_GRAPH))).willReturn(List.of(
                new WebhookConnection(connection, "per-connection-state", Set.of(subscription(drive),
                        subscription(mail)))));

        mvc.perform(notification(collection(driveChange("per-connection-state", drive, "b!drive1"),
                        change("per-connection-state", mail, "created", MESSAGE, "W/\"m\""),
                        driveChange("per-connection-state", drive, "b!drive1"),
                        driveChange("per-connection-state", drive, "b!drive1"))))
                .andExpect(status().isAccepted());

        verify(operations).queueIncrementalSync(TenantId.parse(TENANT), Provider.MICROSOFT_GRAPH, connection);
        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        assertThat(published.getValue().getEventType()).isEqualTo("message.created");
    }

    @Test
    void doesNotActOnLifecycleNoticesOfARequestItRefuses() throws Exception {
        byte[] body = collection(lifecycle(CLIENT_STATE, SUBSCRIPTION_ID, "subscriptionRemoved"),
                "{\"subscriptionId\":\"" + SUBSCRIPTION_ID + "\",\"clientState\":\"" + CLIENT_STATE + "\"}");

        expectProblem(mvc.perform(notification(body)), 400, "VALIDATION_FAILED");

        verify(operations, never()).recordRun(any(), any(), anyString(), anyString(), anyMap());
    }

    @Test
    void answers503WhenTheConnectionsCannotBeRead() throws Exception {
        given(connections.active(any(), any())).willThrow(new DataAccessResourceFailureException("connection refused"));

        // without the connections nothing can be attributed, so even a configured clientState cannot be accepted
        expectProblem(mvc.perform(notification(notifications(CLIENT_STATE))), 503, "SERVICE_UNAVAILABLE")
                .andExpect(header().exists("Retry-After"));
        verify(publisher, never()).publishAll(any());
    }

    static Stream<Arguments> refusals() {
        String sub = SUBSCRIPTION_ID;
        return Stream.of(
                refusal("every clientState wrong", () -> notification(notifications("forged")), 401,
                        "INVALID_SIGNATURE"),
                refusal("clientState missing", () -> notification(collection(change(CLIENT_STATE, sub, "created",
                        MESSAGE, "W/\"e\"").replace("\"clientState\"", "\"clientStat\""))), 401,
                        "INVALID_SIGNATURE"),
                refusal("clientState of another tenant's connection replayed here", () -> notification(collection(
                        change("other-tenants-state", sub, "created", MESSAGE, "W/\"e\""))), 401,
                        "INVALID_SIGNATURE"),
                refusal("another tenant's subscription replayed here", () -> notification(collection(
                        change(CLIENT_STATE, UUID.randomUUID().toString(), "created", MESSAGE, "W/\"e\""))), 404,
                        "NOT_FOUND"),
                refusal("oversized body", () -> notification(jsonOfSize(ONE_MIB + 1)), 413,
                        "PAYLOAD_TOO_LARGE"),
                refusal("plain text without validationToken", () -> notification(notifications(CLIENT_STATE))
                        .contentType(MediaType.TEXT_PLAIN), 415, "UNSUPPORTED_MEDIA_TYPE"),
                refusal("not JSON", () -> notification(utf8("value=1")), 400, "VALIDATION_FAILED", "body"),
                refusal("invalid UTF-8 inside valid notifications", () -> notification(notUtf8(
                        notifications(CLIENT_STATE), "Users/")), 400, "VALIDATION_FAILED", "body"),
                refusal("no value", () -> notification(utf8("{}")), 400, "VALIDATION_FAILED", "value"),
                refusal("empty value", () -> notification(utf8("{\"value\":[]}")), 400, "VALIDATION_FAILED",
                        "value"),
                refusal("an item that is not an object", () -> notification(utf8("{\"value\":[1]}")), 400,
                        "VALIDATION_FAILED", "value[0]"),
                refusal("authentic item without subscriptionId", () -> notification(collection(change(CLIENT_STATE,
                        sub, "created", MESSAGE, "W/\"e\"").replace("\"subscriptionId\"", "\"subscription\""))), 400,
                        "VALIDATION_FAILED", "value[0].subscriptionId"),
                refusal("authentic item with an unknown changeType", () -> notification(collection(change(
                        CLIENT_STATE, sub, "renamed", MESSAGE, "W/\"e\""))), 400, "VALIDATION_FAILED",
                        "value[0].changeType"),
                refusal("authentic item without resource", () -> notification(collection(change(CLIENT_STATE,
                        sub, "created", MESSAGE, "W/\"e\"").replace("\"resource\"", "\"resourc\""))), 400,
                        "VALIDATION_FAILED", "value[0].resource"),
                refusal("validationToken with a line break", () -> post("/webhooks/microsoft_graph/{tenant}", TENANT)
                        .queryParam("validationToken", "a\nContent-Type: text/html"), 400, "VALIDATION_FAILED",
                        "validationToken"),
                refusal("validationToken far too long", () -> post("/webhooks/microsoft_graph/{tenant}", TENANT)
                        .queryParam("validationToken", "x".repeat(2000)), 400, "VALIDATION_FAILED",
                        "validationToken"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesBadInputWithTheRightProblemAndPublishesNothing(Supplier<MockHttpServletRequestBuilder> request,
            int status, String code, String detail) throws Exception {
        expectRefusal(mvc, publisher, request, status, code, detail);
    }

    private void holding(UUID connection, String clientState, String subscription) {
        given(connections.active(any(), eq(Provider.MICROSOFT_GRAPH))).willReturn(List.of(
                new WebhookConnection(connection, clientState, Set.of(subscription(subscription)))));
    }

    private static ExternalIdentity subscription(String id) {
        return ExternalIdentity.of(IdentityKind.MICROSOFT_GRAPH_SUBSCRIPTION, id);
    }

    private List<RawEvent> publishedBatch() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<RawEvent>> published = ArgumentCaptor.forClass(List.class);
        verify(publisher).publishAll(published.capture());
        return published.getValue();
    }

    private static MockHttpServletRequestBuilder notification(byte[] body) {
        return post("/webhooks/microsoft_graph/{tenant}", TENANT).contentType(MediaType.APPLICATION_JSON)
                .content(body);
    }

    private double count(String outcome) {
        Counter counter = meters.find(WebhookMetrics.NAME).tags("provider", "microsoft_graph", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] bytes(RawEvent event) {
        byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        return bytes;
    }
}
