package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written 202 body says what the contract says, for one event, a batch and none. */
class AcceptedBodyTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void oneEventIsAnsweredWithItsEventId() {
        JsonNode body = json.readTree(WebhookIntake.acceptedBody(List.of(a)));

        assertThat(body).isEqualTo(json.createObjectNode().put("status", "accepted").put("event_id", a.toString()));
    }

    @Test
    void aBatchIsAnsweredWithEveryEventIdInOrder() {
        JsonNode body = json.readTree(WebhookIntake.acceptedBody(List.of(a, b)));

        assertThat(body.path("status").asString()).isEqualTo("accepted");
        assertThat(body.path("event_ids").valueStream().map(JsonNode::asString)).containsExactly(a.toString(),
                b.toString());
        assertThat(body.has("event_id")).isFalse();
    }

    @Test
    void noEventsIsAnsweredWithAnEmptyList() {
        JsonNode body = json.readTree(WebhookIntake.acceptedBody(List.of()));

        assertThat(body.path("event_ids").isArray()).isTrue();
        assertThat(body.path("event_ids")).isEmpty();
    }
}
