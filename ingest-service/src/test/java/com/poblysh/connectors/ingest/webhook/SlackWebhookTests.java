package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.SlackWebhooks.SECRET;
import static com.poblysh.connectors.testkit.SlackWebhooks.message;
import static com.poblysh.connectors.testkit.SlackWebhooks.now;
import static com.poblysh.connectors.testkit.SlackWebhooks.signature;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.ONE_MIB;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.notUtf8;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.refusal;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.ingest.connections.TenantConnection;
import com.poblysh.connectors.ingest.connections.WebhookConnection;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.SlackWebhooks;
import com.poblysh.connectors.testkit.TestBindings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Slack Events API requests through the endpoint: what is accepted, answered, deduplicated and refused. */
@WebhookSliceTest
@WithProviderSecrets
class SlackWebhookTests extends ProviderWebhookTests {

    private static final String TENANT = UUID.randomUUID().toString();

    @Autowired
    JsonMapper json;

    @Autowired
    ConnectionOperations operations;

    @Test
    void publishesAMessageEventTypedByTheInnerEventWithTheEventIdAsDeliveryAndWithoutTheToken() throws Exception {
        byte[] body = message("Ev0PV52K25", "Deploy finished");

        mvc.perform(signed(body, now()).header("X-Slack-Retry-Num", "1").header("X-Slack-Retry-Reason",
                        "http_timeout"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("slack", "Ev0PV52K25").toString()));

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        RawEvent event = published.getValue();
        assertThat(event.getProvider()).isEqualTo("slack");
        assertThat(event.getEventType()).isEqualTo("message");
        assertThat(event.getDeliveryId()).isEqualTo("Ev0PV52K25");
        assertThat(event.getHeaders()).containsEntry("X-Slack-Retry-Num", "1")
                .containsKey("X-Slack-Request-Timestamp").doesNotContainKey("X-Slack-Signature");
        var payload = json.readTree(bytes(event));
        assertThat(payload.has("token")).isFalse();
        assertThat(payload.at("/event/text").asString()).isEqualTo("Deploy finished");
        assertThat(payload.path("event_id").asString()).isEqualTo("Ev0PV52K25");
    }

    @Test
    void aRetryOfTheSameEventGetsTheSameEventId() throws Exception {
        byte[] body = message("Ev0RETRY01", "Once");

        String first = mvc.perform(signed(body, now())).andReturn().getResponse().getContentAsString();
        String retry = mvc.perform(signed(body, now()).header("X-Slack-Retry-Num", "2"))
                .andReturn().getResponse().getContentAsString();

        assertThat(json.readTree(retry).path("event_id")).isEqualTo(json.readTree(first).path("event_id"));
    }

    @Test
    void answersUrlVerificationWithItsChallengeAndPublishesNothing() throws Exception {
        byte[] body = SlackWebhooks.urlVerification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        mvc.perform(signed(body, now()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.challenge").value("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));

        verify(publisher, never()).publish(any());
    }

    @Test
    void acknowledgesAppRateLimitedWithoutPublishing() throws Exception {
        byte[] body = utf8("{\"token\":\"t\",\"type\":\"app_rate_limited\",\"team_id\":\"T123ADS\","
                + "\"minute_rate_limited\":1518467820,\"api_app_id\":\"A123ABC456\"}");

        mvc.perform(signed(body, now())).andExpect(status().isAccepted());

        verify(publisher, never()).publish(any());
    }

    static Stream<Arguments> refusals() {
        byte[] body = message("Ev0BAD0001", "Bad");
        String stale = Long.toString(Instant.now().minusSeconds(360).getEpochSecond());
        String future = Long.toString(Instant.now().plusSeconds(360).getEpochSecond());
        return Stream.of(
                refusal("no signature", () -> base(body).header("X-Slack-Request-Timestamp", now()), 401,
                        "INVALID_SIGNATURE"),
                refusal("no timestamp", () -> base(body).header("X-Slack-Signature", signature(SECRET, now(), body)),
                        401, "INVALID_SIGNATURE"),
                refusal("garbled signature", () -> base(body).header("X-Slack-Request-Timestamp", now())
                        .header("X-Slack-Signature", "v0=not-hex"), 401, "INVALID_SIGNATURE"),
                refusal("signature made with another secret", () -> withSignature(body, now(),
                        signature("guessed", now(), body)), 401, "INVALID_SIGNATURE"),
                refusal("signature of another body", () -> withSignature(body, now(),
                        signature(SECRET, now(), message("Ev0OTHER01", "Other"))), 401, "INVALID_SIGNATURE"),
                refusal("stale timestamp, correctly signed", () -> signed(body, stale), 401, "INVALID_SIGNATURE"),
                refusal("timestamp from the future, correctly signed", () -> signed(body, future), 401,
                        "INVALID_SIGNATURE"),
                refusal("replayed: old signature under a fresh timestamp", () -> withSignature(body, now(),
                        signature(SECRET, stale, body)), 401, "INVALID_SIGNATURE"),
                refusal("oversized body", () -> signed(jsonOfSize(ONE_MIB + 1), now()), 413,
                        "PAYLOAD_TOO_LARGE"),
                refusal("sent as a form", () -> signed(body, now()).contentType(MediaType.APPLICATION_FORM_URLENCODED),
                        415, "UNSUPPORTED_MEDIA_TYPE"),
                refusal("not JSON", () -> signed(utf8("type=event_callback"), now()), 400, "VALIDATION_FAILED",
                        "body"),
                refusal("invalid UTF-8 inside a valid event", () -> signed(notUtf8(body, "Bad"), now()), 400,
                        "VALIDATION_FAILED", "body"),
                refusal("JSON array", () -> signed(utf8("[]"), now()), 400, "VALIDATION_FAILED", "type"),
                refusal("no type", () -> signed(utf8("{\"event_id\":\"Ev1\"}"), now()), 400, "VALIDATION_FAILED",
                        "type"),
                refusal("unsupported callback type", () -> signed(utf8("{\"type\":\"block_actions\"}"), now()), 400,
                        "VALIDATION_FAILED", "type"),
                refusal("event_callback without event_id", () -> signed(utf8(
                        "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}"), now()), 400,
                        "VALIDATION_FAILED", "event_id"),
                refusal("event_callback without event", () -> signed(utf8(
                        "{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}"), now()), 400, "VALIDATION_FAILED",
                        "event"),
                refusal("event without type", () -> signed(utf8(
                        "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{}}"), now()), 400,
                        "VALIDATION_FAILED", "event.type"),
                refusal("event id that is not an id", () -> signed(utf8("{\"type\":\"event_callback\","
                        + "\"event_id\":\"Ev 1/../x\",\"event\":{\"type\":\"message\"}}"), now()), 400,
                        "VALIDATION_FAILED", "event_id"),
                refusal("correctly signed, of a workspace no connection of the tenant is bound to", () -> signed(
                        SlackWebhooks.messageOf("T0OTHERWS", SlackWebhooks.APP_ID, "Ev0OTHER02", "Elsewhere"), now()),
                        401, "INVALID_SIGNATURE"),
                refusal("correctly signed, of the tenant's workspace but another app", () -> signed(
                        SlackWebhooks.messageOf(SlackWebhooks.TEAM_ID, "A0OTHERAPP", "Ev0OTHER03", "Other app"),
                        now()), 401, "INVALID_SIGNATURE"),
                refusal("correctly signed, naming no workspace", () -> signed(utf8("{\"type\":\"event_callback\","
                        + "\"api_app_id\":\"A0PNCHHK2\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\"}}"),
                        now()), 401, "INVALID_SIGNATURE"),
                refusal("url_verification without challenge", () -> signed(utf8("{\"type\":\"url_verification\"}"),
                        now()), 400, "VALIDATION_FAILED", "challenge"));
    }

    @Test
    void aSignedRequestReplayedWithinTheWindowIsTheSameEventNotASecondOne() throws Exception {
        byte[] body = message("Ev0REPLAY1", "Replayed");
        String timestamp = now();

        mvc.perform(signed(body, timestamp)).andExpect(status().isAccepted());
        mvc.perform(signed(body, timestamp)).andExpect(status().isAccepted());

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher, times(2)).publish(published.capture());
        assertThat(published.getAllValues()).extracting(RawEvent::getEventId).containsOnly(
                EventIds.eventId("slack", "Ev0REPLAY1"));
    }

    @Test
    void publishesTheEventAsItsConnections() throws Exception {
        mvc.perform(signed(message("Ev0CONN001", "Mine"), now())).andExpect(status().isAccepted());

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        assertThat(published.getValue().getConnectionId()).isEqualTo(KitConnections.id(Provider.SLACK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app_uninstalled", "tokens_revoked"})
    void revokesTheWorkspacesConnectionWhenSlackSaysTheAppLostItsAccess(String event) throws Exception {
        byte[] body = SlackWebhooks.revocation(event, SlackWebhooks.TEAM_ID, SlackWebhooks.APP_ID, "Ev0" + event.length());

        mvc.perform(signed(body, now())).andExpect(status().isAccepted());

        verify(operations).revoke(TenantId.parse(TENANT), Provider.SLACK, KitConnections.id(Provider.SLACK),
                "provider:slack", event);
        verify(publisher, never()).publish(any());
    }

    @Test
    void keepsTheConnectionWhenOnlyUserTokensWereRevoked() throws Exception {
        byte[] body = utf8("{\"team_id\":\"T061EG9R6\",\"api_app_id\":\"A0PNCHHK2\",\"type\":\"event_callback\","
                + "\"event_id\":\"Ev0USERTOK\",\"event\":{\"type\":\"tokens_revoked\",\"tokens\":{\"oauth\":"
                + "[\"U012\"],\"bot\":[]}}}");

        mvc.perform(signed(body, now())).andExpect(status().isAccepted());

        verify(operations, never()).revoke(any(), any(), any(), any(), any());
        verify(publisher, never()).publish(any());
    }

    @Test
    void onTheAppUrlPublishesTheEventForEveryTenantWhoseConnectionIsBoundToTheWorkspace() throws Exception {
        TenantId first = TenantId.of(UUID.randomUUID());
        TenantId second = TenantId.of(UUID.randomUUID());
        UUID firstConnection = UUID.randomUUID();
        UUID secondConnection = UUID.randomUUID();
        Set<ExternalIdentity> bound = Set.copyOf(TestBindings.of(Provider.SLACK));
        given(connections.boundTo(eq(Provider.SLACK), any())).willReturn(List.of(
                new TenantConnection(first, new WebhookConnection(firstConnection, null, bound)),
                new TenantConnection(second, new WebhookConnection(secondConnection, null, bound))));
        byte[] body = message("Ev0APPURL1", "To both");
        String timestamp = now();

        mvc.perform(post("/webhooks/slack").contentType(MediaType.APPLICATION_JSON).content(body)
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header("X-Slack-Signature", signature(SECRET, timestamp, body)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("slack", "Ev0APPURL1").toString()));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<RawEvent>> published = ArgumentCaptor.forClass(List.class);
        verify(publisher).publishAll(published.capture());
        assertThat(published.getValue()).extracting(RawEvent::getTenantId, RawEvent::getConnectionId)
                .containsExactly(tuple(first.value(), firstConnection), tuple(second.value(), secondConnection));
    }

    @Test
    void onTheAppUrlRefusesAnEventOfAWorkspaceNoTenantConnected() throws Exception {
        given(connections.boundTo(eq(Provider.SLACK), any())).willReturn(List.of());
        byte[] body = message("Ev0APPURL2", "Nobody's");
        String timestamp = now();

        WebhookRequests.expectProblem(mvc.perform(post("/webhooks/slack").contentType(MediaType.APPLICATION_JSON)
                .content(body).header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature(SECRET, timestamp, body))), 401, "INVALID_SIGNATURE");

        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    @Test
    void onTheAppUrlRefusesAWorkspacesOwnSigningSecretBecauseOnlyTheAppsCredentialCountsThere() throws Exception {
        Set<ExternalIdentity> bound = Set.copyOf(TestBindings.of(Provider.SLACK));
        given(connections.boundTo(eq(Provider.SLACK), any())).willReturn(List.of(new TenantConnection(
                TenantId.of(UUID.randomUUID()), new WebhookConnection(UUID.randomUUID(), "own-secret", bound))));
        byte[] body = message("Ev0APPURL3", "Own app");
        String timestamp = now();

        WebhookRequests.expectProblem(mvc.perform(post("/webhooks/slack").contentType(MediaType.APPLICATION_JSON)
                .content(body).header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature("own-secret", timestamp, body))), 401, "INVALID_SIGNATURE");
    }

    private static MockHttpServletRequestBuilder base(byte[] body) {
        return post("/webhooks/slack/{tenant}", TENANT).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
    }

    private static MockHttpServletRequestBuilder signed(byte[] body, String timestamp) {
        return withSignature(body, timestamp, signature(SECRET, timestamp, body));
    }

    private static MockHttpServletRequestBuilder withSignature(byte[] body, String timestamp, String signature) {
        return base(body).header("X-Slack-Request-Timestamp", timestamp).header("X-Slack-Signature", signature);
    }

    private static byte[] bytes(RawEvent event) {
        byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        return bytes;
    }
}
