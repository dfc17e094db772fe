package com.poblysh.connectors.processor.normalize;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Payloads that parse but lack what their mapping needs: each provider's normalizer refuses them with
 * {@link InvalidPayloadException} naming the field, which the processor dead-letters as the reason.
 */
class NormalizerRefusalTests extends RegisteredNormalizersTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(Provider.SLACK, "message", "{\"type\":\"event_callback\"}", "/event"),
                Arguments.of(Provider.SLACK, "message", "{\"event\":{\"type\":\"message\",\"text\":\"hi\"}}",
                        "/ts or /event_ts"),
                Arguments.of(Provider.SLACK, "message", "{\"event\":{\"type\":\"message\",\"ts\":\"yesterday\"}}",
                        "not epoch seconds"),
                Arguments.of(Provider.SLACK, "message", "{\"event\":{\"type\":\"message\",\"subtype\":"
                        + "\"message_changed\",\"ts\":\"1714467900.000300\"}}", "/message"),
                Arguments.of(Provider.SLACK, "reaction_added", "{\"event\":{\"type\":\"reaction_added\","
                        + "\"event_ts\":\"1714467660.000500\"}}", "/reaction"),
                Arguments.of(Provider.JIRA, "jira:issue_created", "{\"webhookEvent\":\"jira:issue_created\"}",
                        "/issue"),
                Arguments.of(Provider.JIRA, "jira:issue_created", "{\"issue\":{\"key\":\"P-1\",\"fields\":"
                        + "{\"created\":\"30/04/2024 09:00\"}}}", "not an ISO-8601 date-time"),
                Arguments.of(Provider.JIRA, "jira:issue_updated", "{\"issue\":{\"fields\":"
                        + "{\"updated\":\"2024-04-30T09:00:00.000+0000\"}}}", "/key"),
                Arguments.of(Provider.JIRA, "comment_created", "{\"issue\":{\"key\":\"P-1\"}}", "/comment"),
                Arguments.of(Provider.JIRA, "comment_created", "{\"issue\":{\"key\":\"P-1\"},\"comment\":{}}",
                        "/created"),
                Arguments.of(Provider.MICROSOFT_GRAPH, "message.created", "{\"changeType\":\"created\"}",
                        "/resource"),
                Arguments.of(Provider.MICROSOFT_GRAPH, "message.created", "{\"resource\":\"Users/a/Messages/b\","
                        + "\"changeType\":\"created\",\"resourceData\":{\"subject\":\"s\",\"receivedDateTime\":"
                        + "\"soon\"}}", "not an ISO-8601 date-time"));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("refusals")
    void refusesAPayloadWithoutWhatItsMappingNeeds(Provider provider, String eventType, String payload,
            String reason) {
        RawEvent event = RawEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(UUID.randomUUID())
                .setProvider(provider.id()).setSource(EventSource.webhook).setEventType(eventType)
                .setDeliveryId("d").setReceivedAt(Instant.now()).setPayload(ByteBuffer.allocate(0)).build();

        assertThatThrownBy(() -> normalizers.forProvider(provider).orElseThrow().normalize(event,
                JSON.readTree(payload)))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining(reason);
    }
}
