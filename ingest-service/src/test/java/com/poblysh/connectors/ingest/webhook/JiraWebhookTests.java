package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.JiraWebhooks.CLIENT_SECRET;
import static com.poblysh.connectors.testkit.JiraWebhooks.CONNECT_CLIENT_KEY;
import static com.poblysh.connectors.testkit.JiraWebhooks.CONNECT_SHARED_SECRET;
import static com.poblysh.connectors.testkit.JiraWebhooks.ISSUER;
import static com.poblysh.connectors.testkit.JiraWebhooks.WEBHOOK_SECRET;
import static com.poblysh.connectors.testkit.JiraWebhooks.claims;
import static com.poblysh.connectors.testkit.JiraWebhooks.fixture;
import static com.poblysh.connectors.testkit.JiraWebhooks.jwt;
import static com.poblysh.connectors.testkit.JiraWebhooks.signature;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.ONE_MIB;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.notUtf8;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.refusal;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.JiraWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Jira Cloud admin, Connect and OAuth 2.0 app webhooks through the endpoint: what is accepted (and as which
 * connection), deduplicated and refused.
 */
@WebhookSliceTest
@WithProviderSecrets
class JiraWebhookTests extends ProviderWebhookTests {

    private static final String TENANT = UUID.randomUUID().toString();
    private static final String PATH = "/webhooks/jira/" + TENANT;
    private static final byte[] BODY = fixture("issue_created").bodyBytes();

    @Test
    void publishesASignedAdminWebhookTypedByWebhookEventWithItsIdentifierAsDelivery() throws Exception {
        String identifier = UUID.randomUUID().toString();

        mvc.perform(admin(BODY).header("X-Atlassian-Webhook-Identifier", identifier)
                        .header("X-Atlassian-Webhook-Retry", "1"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("jira", identifier).toString()));

        RawEvent event = published();
        assertThat(event.getEventType()).isEqualTo("jira:issue_created");
        assertThat(event.getDeliveryId()).isEqualTo(identifier);
        assertThat(event.getHeaders()).containsEntry("X-Atlassian-Webhook-Retry", "1")
                .doesNotContainKeys("X-Hub-Signature", "Authorization");
    }

    @Test
    void withoutAnIdentifierTheDeliveryIsTheIssueAndItsUpdatedTime() throws Exception {
        mvc.perform(admin(BODY)).andExpect(status().isAccepted());

        assertThat(published().getDeliveryId()).isEqualTo("jira:issue_created:10002:2024-04-30T09:00:00.123+0000");
    }

    @Test
    void publishesAnAdminWebhookAsTheConnectionWhoseSecretSignedItAndWhoseSiteItNames() throws Exception {
        mvc.perform(admin(BODY)).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.JIRA));
    }

    @Test
    void publishesAConnectAppWebhookAsTheInstallationItsJwtNames() throws Exception {
        mvc.perform(base(BODY).header("Authorization", "JWT " + connectJwt(CONNECT_CLIENT_KEY, qsh(PATH))))
                .andExpect(status().isAccepted());

        RawEvent event = published();
        assertThat(event.getEventType()).isEqualTo("jira:issue_created");
        assertThat(event.getConnectionId()).isEqualTo(KitConnections.jiraConnectId());
    }

    @Test
    void publishesAnOauthAppWebhookAsTheConnectionBoundToItsIssuerAndSite() throws Exception {
        String token = jwt(CLIENT_SECRET, claims(ISSUER, Instant.now().getEpochSecond(), null));

        mvc.perform(base(BODY).header("Authorization", "Bearer " + token)).andExpect(status().isAccepted());

        assertThat(published().getConnectionId()).isEqualTo(KitConnections.id(Provider.JIRA));
    }

    static Stream<Arguments> refusals() {
        long now = Instant.now().getEpochSecond();
        byte[] other = utf8(new String(BODY, java.nio.charset.StandardCharsets.UTF_8).replace("PROJ-12", "PROJ-13"));
        byte[] otherSite = utf8(new String(BODY, java.nio.charset.StandardCharsets.UTF_8)
                .replace("acme.atlassian.net", "globex.atlassian.net"));
        return Stream.of(
                refusal("no credentials", () -> base(BODY), 401, "INVALID_SIGNATURE"),
                refusal("garbled X-Hub-Signature", () -> base(BODY).header("X-Hub-Signature", "sha256=xyz"), 401,
                        "INVALID_SIGNATURE"),
                refusal("X-Hub-Signature with another secret", () -> base(BODY).header("X-Hub-Signature",
                        signature("guessed", BODY)), 401, "INVALID_SIGNATURE"),
                refusal("X-Hub-Signature replayed onto another body", () -> base(other).header("X-Hub-Signature",
                        signature(WEBHOOK_SECRET, BODY)), 401, "INVALID_SIGNATURE"),
                refusal("admin webhook of a site no connection of the tenant is bound to", () -> admin(otherSite), 401,
                        "INVALID_SIGNATURE"),
                refusal("Connect JWT signed with another secret", () -> base(BODY).header("Authorization", "JWT "
                        + jwt("guessed", claims(CONNECT_CLIENT_KEY, now, qsh(PATH)))), 401, "INVALID_SIGNATURE"),
                refusal("Connect JWT without qsh", () -> base(BODY).header("Authorization", "JWT "
                        + connectJwt(CONNECT_CLIENT_KEY, null)), 401, "INVALID_SIGNATURE"),
                refusal("Connect context JWT (context-qsh)", () -> base(BODY).header("Authorization", "JWT "
                        + connectJwt(CONNECT_CLIENT_KEY, "context-qsh")), 401, "INVALID_SIGNATURE"),
                refusal("Connect JWT of another installation (iss)", () -> base(BODY).header("Authorization", "JWT "
                        + connectJwt("another-client-key", qsh(PATH))), 401, "INVALID_SIGNATURE"),
                refusal("Connect JWT expired", () -> base(BODY).header("Authorization", "JWT "
                        + jwt(CONNECT_SHARED_SECRET, claims(CONNECT_CLIENT_KEY, now - 3600, qsh(PATH)))), 401,
                        "INVALID_SIGNATURE"),
                refusal("Connect JWT minted for another tenant's URL", () -> base(BODY).header("Authorization", "JWT "
                        + connectJwt(CONNECT_CLIENT_KEY, qsh("/webhooks/jira/" + UUID.randomUUID()))), 401,
                        "INVALID_SIGNATURE"),
                refusal("Connect JWT signed with the configured client secret, fallbacks not opted in",
                        () -> base(BODY).header("Authorization", "JWT " + jwt(CLIENT_SECRET, claims(ISSUER, now,
                                qsh(PATH)))), 401, "INVALID_SIGNATURE"),
                refusal("OAuth JWT of another issuer", () -> base(BODY).header("Authorization", "Bearer "
                        + jwt(CLIENT_SECRET, claims("someone-else", now, null))), 401, "INVALID_SIGNATURE"),
                refusal("OAuth context JWT (context-qsh)", () -> base(BODY).header("Authorization", "Bearer "
                        + jwt(CLIENT_SECRET, claims(ISSUER, now, "context-qsh"))), 401, "INVALID_SIGNATURE"),
                refusal("OAuth JWT expired", () -> base(BODY).header("Authorization", "Bearer "
                        + jwt(CLIENT_SECRET, claims(ISSUER, now - 3600, null))), 401, "INVALID_SIGNATURE"),
                refusal("OAuth JWT without iss", () -> base(BODY).header("Authorization", "Bearer "
                        + jwt(CLIENT_SECRET, claims(null, now, null))), 401, "INVALID_SIGNATURE"),
                refusal("OAuth JWT of a site no connection of the tenant is bound to", () -> base(otherSite)
                        .header("Authorization", "Bearer " + jwt(CLIENT_SECRET, claims(ISSUER, now, null))), 401,
                        "INVALID_SIGNATURE"),
                refusal("JWT with alg none", () -> base(BODY).header("Authorization", "Bearer "
                        + jwt(CLIENT_SECRET, "{\"alg\":\"none\"}", claims(now, null))), 401, "INVALID_SIGNATURE"),
                refusal("garbled JWT", () -> base(BODY).header("Authorization", "JWT a.b"), 401,
                        "INVALID_SIGNATURE"),
                refusal("oversized body", () -> admin(jsonOfSize(ONE_MIB + 1)), 413,
                        "PAYLOAD_TOO_LARGE"),
                refusal("sent as text", () -> admin(BODY).contentType(MediaType.TEXT_PLAIN), 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                refusal("not JSON", () -> admin(utf8("webhookEvent=jira:issue_created")), 400, "VALIDATION_FAILED",
                        "body"),
                refusal("invalid UTF-8 inside a valid event", () -> admin(notUtf8(BODY, "Checkout")), 400,
                        "VALIDATION_FAILED", "body"),
                refusal("no webhookEvent", () -> admin(utf8("{\"timestamp\":1,\"issue\":{\"id\":\"1\"}}")), 400,
                        "VALIDATION_FAILED", "webhookEvent"),
                refusal("no identifier and no issue or comment", () -> admin(utf8(
                        "{\"timestamp\":1,\"webhookEvent\":\"sprint_started\"}")), 400, "VALIDATION_FAILED",
                        "X-Atlassian-Webhook-Identifier"),
                refusal("no identifier and an issue without its updated time", () -> admin(utf8(
                        "{\"webhookEvent\":\"jira:issue_updated\",\"issue\":{\"id\":\"10002\",\"fields\":{}}}")),
                        400, "VALIDATION_FAILED", "issue.fields.updated"),
                refusal("malformed identifier", () -> admin(BODY).header("X-Atlassian-Webhook-Identifier",
                        "../../etc passwd"), 400, "VALIDATION_FAILED", "X-Atlassian-Webhook-Identifier"));
    }

    @Test
    void aRetriedDeliveryGetsTheSameEventId() throws Exception {
        String identifier = UUID.randomUUID().toString();
        String first = mvc.perform(admin(BODY).header("X-Atlassian-Webhook-Identifier", identifier))
                .andReturn().getResponse().getContentAsString();
        String retry = mvc.perform(admin(BODY).header("X-Atlassian-Webhook-Identifier", identifier)
                .header("X-Atlassian-Webhook-Retry", "2")).andReturn().getResponse().getContentAsString();

        assertThat(retry).isEqualTo(first);
    }

    private RawEvent published() {
        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        return published.getValue();
    }

    private static MockHttpServletRequestBuilder base(byte[] body) {
        return post(PATH).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("User-Agent", "Atlassian Webhook HTTP Client");
    }

    private static MockHttpServletRequestBuilder admin(byte[] body) {
        return base(body).header("X-Hub-Signature", signature(WEBHOOK_SECRET, body));
    }

    private static String connectJwt(String issuer, String qsh) {
        return jwt(CONNECT_SHARED_SECRET, claims(issuer, Instant.now().getEpochSecond(), qsh));
    }

    /** Atlassian's qsh of {@code POST path} without query, computed by the kit, not by the production code. */
    private static String qsh(String path) {
        return JiraWebhooks.queryStringHash(path);
    }
}
