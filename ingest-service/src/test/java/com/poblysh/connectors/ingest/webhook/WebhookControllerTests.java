package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.GitHubWebhooks.SECRET;
import static com.poblysh.connectors.testkit.GitHubWebhooks.deliveryId;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static com.poblysh.connectors.testkit.GitHubWebhooks.signature;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.poblysh.connectors.common.tenancy.EventIds;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

@WebhookSliceTest
@WithProviderSecrets
class WebhookControllerTests extends WebhookSlices {

    private static final byte[] BODY = fixture("pull_request-opened").bodyBytes();
    private static final int ONE_MIB = 1024 * 1024;

    @Autowired
    MeterRegistry meters;

    private final String tenant = UUID.randomUUID().toString();
    private final String delivery = deliveryId();

    @Test
    void acceptsASignedDeliveryAndPublishesItAsARawEvent() throws Exception {
        double before = count("github", "accepted");

        mvc.perform(signed(BODY).header("X-GitHub-Hook-ID", "109948940").header("User-Agent", "GitHub-Hookshot/abc")
                        .header("Authorization", "Bearer not-an-operator-token").header("Cookie", "session=1"))
                .andExpect(status().isAccepted())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.status").value("accepted"))
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("github", delivery).toString()));

        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        RawEvent event = published.getValue();
        assertThat(event.getEventId()).isEqualTo(EventIds.eventId("github", delivery));
        assertThat(event.getTenantId()).hasToString(tenant);
        assertThat(event.getProvider()).isEqualTo("github");
        assertThat(event.getConnectionId()).isEqualTo(KitConnections.id(Provider.GITHUB));
        assertThat(event.getSource()).isEqualTo(EventSource.webhook);
        assertThat(event.getEventType()).isEqualTo("pull_request");
        assertThat(event.getDeliveryId()).isEqualTo(delivery);
        assertThat(event.getReceivedAt()).isNotNull();
        assertThat(bytes(event)).isEqualTo(BODY);
        assertThat(event.getHeaders()).containsOnlyKeys("X-GitHub-Event", "X-GitHub-Delivery", "X-GitHub-Hook-ID",
                "Content-Type", "User-Agent");
        assertThat(event.getHeaders()).containsEntry("X-GitHub-Event", "pull_request")
                .containsEntry("X-GitHub-Delivery", delivery).containsEntry("X-GitHub-Hook-ID", "109948940");
        assertThat(count("github", "accepted")).isEqualTo(before + 1);
    }

    static Stream<Arguments> badSignatures() {
        return Stream.of(
                badSignature("a wrong signature", r -> r.header("X-Hub-Signature-256", signature("wrong", BODY))),
                badSignature("no signature", r -> r),
                badSignature("the sha1 prefix", r -> r.header("X-Hub-Signature-256",
                        signature(SECRET, BODY).replace("sha256=", "sha1="))),
                badSignature("no prefix", r -> r.header("X-Hub-Signature-256",
                        signature(SECRET, BODY).substring("sha256=".length()))),
                badSignature("garbled hex", r -> r.header("X-Hub-Signature-256",
                        "sha256=" + "zz" + signature(SECRET, BODY).substring(9))),
                badSignature("a signature of another body", r -> r.header("X-Hub-Signature-256",
                        signature(SECRET, fixture("ping").bodyBytes()))),
                badSignature("an unknown operator token", r -> r.header("Authorization", "Bearer guessed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void answers401InvalidSignatureAndPublishesNothingFor(UnaryOperator<MockHttpServletRequestBuilder> signing)
            throws Exception {
        double before = count("github", "invalid_signature");

        expectProblem(mvc.perform(signing.apply(unsigned(BODY))), 401, "INVALID_SIGNATURE");

        verify(publisher, never()).publish(any());
        assertThat(count("github", "invalid_signature")).isEqualTo(before + 1);
    }

    @Test
    void refusesADeliverySignedWithTheConnectionsSecretForARepositoryTheConnectionDoesNotCover() throws Exception {
        byte[] elsewhere = fixture("pull_request-opened").withBody(b -> {
            ((ObjectNode) b.get("repository")).put("id", 999_999_999L);
            return b;
        }).bodyBytes();

        expectProblem(mvc.perform(signed(elsewhere)), 401, "INVALID_SIGNATURE");

        verify(publisher, never()).publish(any());
    }

    @Test
    void refusesADeliverySignedOnlyWithTheFallbackSecretWhenFallbacksAreNotOptedIn() throws Exception {
        // The configured GitHub secret equals the kit's; without connection secrets only it could verify.
        given(connections.active(any(), eq(Provider.GITHUB))).willReturn(KitConnections.withoutSecrets(Provider.GITHUB));

        expectProblem(mvc.perform(signed(BODY)), 401, "INVALID_SIGNATURE");

        verify(publisher, never()).publish(any());
    }

    @Test
    void admitsAnOperatorWithoutASignature() throws Exception {
        mvc.perform(unsigned(BODY).header("Authorization", "Bearer " + WebhookSliceTest.OPERATOR_TOKEN))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("github", delivery).toString()));

        verify(publisher).publish(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gitlab", "bitbucket", "GitHub", "Slack"})
    void answers404ForAProviderWithoutWebhooks(String provider) throws Exception {
        expectProblem(mvc.perform(post("/webhooks/{provider}/{tenant}", provider, tenant)
                .contentType(MediaType.APPLICATION_JSON).content(BODY)
                .header("X-Hub-Signature-256", signature(SECRET, BODY))), 404, "NOT_FOUND");
        verify(publisher, never()).publish(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "3f0c1d2e5b6a4c7d8e9f0a1b2c3d4e5f"})
    void answers400ForATenantIdThatIsNotAUuid(String tenantId) throws Exception {
        expectProblem(mvc.perform(post("/webhooks/github/{tenant}", tenantId).contentType(MediaType.APPLICATION_JSON)
                        .content(BODY).header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", signature(SECRET, BODY))), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.details.tenant_id").exists());
        verify(publisher, never()).publish(any());
    }

    @Test
    void acceptsABodyAtTheOneMebibyteDefaultLimit() throws Exception {
        mvc.perform(signed(jsonOfSize(ONE_MIB, GitHubWebhooks.REPOSITORY_ID))).andExpect(status().isAccepted());
    }

    @Test
    void answers413ForABodyOverTheLimitEvenWhenSigned() throws Exception {
        expectProblem(mvc.perform(signed(jsonOfSize(ONE_MIB + 1))), 413, "PAYLOAD_TOO_LARGE");
        verify(publisher, never()).publish(any());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "*/*"})
    void answers415ForABodyThatIsNotSentAsJson(String contentType) throws Exception {
        expectProblem(mvc.perform(signed(BODY).contentType(contentType)), 415, "UNSUPPORTED_MEDIA_TYPE");
        verify(publisher, never()).publish(any());
    }

    @Test
    void answers415WithoutAContentType() throws Exception {
        MockHttpServletRequestBuilder request = post("/webhooks/github/{tenant}", tenant).content(BODY)
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature(SECRET, BODY));
        expectProblem(mvc.perform(request), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void acceptsJsonWithACharset() throws Exception {
        mvc.perform(signed(BODY).contentType("application/json; charset=utf-8")).andExpect(status().isAccepted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "{\"a\":1} trailing"})
    void answers400ForABodyThatIsNotJson(String text) throws Exception {
        expectProblem(mvc.perform(signed(text.getBytes(StandardCharsets.UTF_8))), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.details.body").exists());
        verify(publisher, never()).publish(any());
    }

    @Test
    void answers400WithoutADeliveryId() throws Exception {
        MockHttpServletRequestBuilder request = post("/webhooks/github/{tenant}", tenant)
                .contentType(MediaType.APPLICATION_JSON).content(BODY).header("X-GitHub-Event", "pull_request")
                .header("X-Hub-Signature-256", signature(SECRET, BODY));
        expectProblem(mvc.perform(request), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.details['X-GitHub-Delivery']").exists());
        verify(publisher, never()).publish(any());
    }

    @Test
    void answers400WithoutAnEventName() throws Exception {
        MockHttpServletRequestBuilder request = post("/webhooks/github/{tenant}", tenant)
                .contentType(MediaType.APPLICATION_JSON).content(BODY).header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature(SECRET, BODY));
        expectProblem(mvc.perform(request), 400, "VALIDATION_FAILED")
                .andExpect(jsonPath("$.details['X-GitHub-Event']").exists());
    }

    @Test
    void acknowledgesAPingWithItsEventIdAndPublishesNothing() throws Exception {
        byte[] ping = fixture("ping").bodyBytes();
        double before = count("github", "handshake");

        mvc.perform(post("/webhooks/github/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON).content(ping)
                        .header("X-GitHub-Event", "ping").header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", signature(SECRET, ping)))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("accepted"))
                .andExpect(jsonPath("$.event_id").value(EventIds.eventId("github", delivery).toString()));

        verify(publisher, never()).publish(any());
        assertThat(count("github", "handshake")).isEqualTo(before + 1);
    }

    @Test
    void answers503WithRetryAfterWhenKafkaDoesNotAcknowledge() throws Exception {
        willThrow(new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "the event could not be stored; retry later",
                Map.of(), 5L)).given(publisher).publish(any());

        expectProblem(mvc.perform(signed(BODY)), 503, "SERVICE_UNAVAILABLE")
                .andExpect(jsonPath("$.retry_after").value(5))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.event_id").doesNotExist());
    }

    static Stream<Arguments> checksInContractOrder() {
        byte[] tooLarge = jsonOfSize(ONE_MIB + 1);
        return Stream.of(
                // provider before tenant id
                Arguments.of(post("/webhooks/{p}/{t}", "gitlab", "not-a-uuid").content(BODY), 404),
                // tenant id before size
                Arguments.of(post("/webhooks/github/{t}", "not-a-uuid").content(tooLarge), 400),
                // size before signature
                Arguments.of(post("/webhooks/github/{t}", UUID.randomUUID()).content(tooLarge), 413),
                // signature before media type and JSON
                Arguments.of(post("/webhooks/github/{t}", UUID.randomUUID()).contentType("text/plain")
                        .content("not json"), 401),
                // media type before JSON and delivery headers
                Arguments.of(post("/webhooks/github/{t}", UUID.randomUUID()).contentType("text/plain")
                        .content("not json").header("X-Hub-Signature-256", signature(SECRET,
                                "not json".getBytes(StandardCharsets.UTF_8))), 415));
    }

    @ParameterizedTest
    @MethodSource
    void checksInContractOrder(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        mvc.perform(request).andExpect(status().is(expectedStatus));
        verify(publisher, never()).publish(any());
    }

    private MockHttpServletRequestBuilder unsigned(byte[] body) {
        return post("/webhooks/github/{tenant}", tenant).contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", delivery);
    }

    private MockHttpServletRequestBuilder signed(byte[] body) {
        return unsigned(body).header("X-Hub-Signature-256", signature(SECRET, body));
    }

    private static Arguments badSignature(String name, UnaryOperator<MockHttpServletRequestBuilder> signing) {
        return Arguments.of(Named.of(name, signing));
    }

    static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.trace_id").isNotEmpty());
    }

    private double count(String provider, String outcome) {
        Counter counter = meters.find(WebhookMetrics.NAME).tags("provider", provider, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] bytes(RawEvent event) {
        byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        return bytes;
    }
}
