package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.ProviderFixture;
import com.poblysh.connectors.testkit.ProviderFixtures;
import com.poblysh.connectors.testkit.ProviderRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every fixture of the provider test kit, sent as its provider sends it, is accepted and published as the raw event
 * signal-processor's golden tests normalize: the fixture's event type and its body (less the verification token
 * Slack sends, which ingest drops), attributed to the kit's connection its identity is bound to. Handshakes are
 * acknowledged and publish nothing.
 */
@WebhookSliceTest
@WithProviderSecrets
class FixtureDeliveryTests extends WebhookSlices {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ConnectionOperations operations;

    /**
     * The webhook fixtures that become raw events; the {@code api.*} ones are objects a poll reads, not requests, and
     * Graph's drive notifications become a sync ({@link #driveFixtures()}).
     */
    static Stream<ProviderFixture> fixtures() {
        return ProviderFixtures.all().stream().filter(f -> !f.polled() && !drive(f));
    }

    /** Graph's drive notifications: they name no item, so a delta query reads what changed. */
    static Stream<ProviderFixture> driveFixtures() {
        return ProviderFixtures.all().stream().filter(FixtureDeliveryTests::drive);
    }

    private static boolean drive(ProviderFixture fixture) {
        return fixture.provider() == Provider.MICROSOFT_GRAPH && fixture.eventType().startsWith("driveItem.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void publishesTheFixtureUnderItsEventTypeWithItsBody(ProviderFixture fixture) throws Exception {
        mvc.perform(request(fixture)).andExpect(status().isAccepted()).andExpect(jsonPath("$.event_id").exists());

        if (fixture.handshake()) {
            verify(publisher, never()).publish(any());
            verify(publisher, never()).publishAll(any());
            return;
        }
        ArgumentCaptor<RawEvent> published = ArgumentCaptor.forClass(RawEvent.class);
        verify(publisher).publish(published.capture());
        RawEvent event = published.getValue();
        assertThat(event.getProvider()).isEqualTo(fixture.provider().id());
        assertThat(event.getEventType()).isEqualTo(fixture.eventType());
        assertThat(event.getConnectionId()).isEqualTo(KitConnections.id(fixture.provider()));
        ObjectNode body = fixture.body();
        body.remove("token");
        assertThat(JSON.readTree(bytes(event))).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("driveFixtures")
    void queuesASyncOfTheConnectionForADriveNotificationAndPublishesNothing(ProviderFixture fixture)
            throws Exception {
        mvc.perform(request(fixture)).andExpect(status().isAccepted()).andExpect(jsonPath("$.event_ids").isEmpty());

        verify(operations).queueIncrementalSync(any(), eq(Provider.MICROSOFT_GRAPH),
                eq(KitConnections.id(Provider.MICROSOFT_GRAPH)));
        verify(publisher, never()).publish(any());
        verify(publisher, never()).publishAll(any());
    }

    private static MockHttpServletRequestBuilder request(ProviderFixture fixture) {
        ProviderRequest request = ProviderRequest.signed(fixture);
        MockHttpServletRequestBuilder post = post("/webhooks/{provider}/{tenant}", fixture.provider().id(),
                UUID.randomUUID()).contentType(request.contentType()).content(request.body());
        request.headers().forEach((name, value) -> {
            if (!"Content-Type".equals(name)) {
                post.header(name, value);
            }
        });
        return post;
    }

    private static byte[] bytes(RawEvent event) {
        byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        return bytes;
    }
}
