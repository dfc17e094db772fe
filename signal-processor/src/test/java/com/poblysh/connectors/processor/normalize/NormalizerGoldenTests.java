package com.poblysh.connectors.processor.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.ExpectedSignal;
import com.poblysh.connectors.testkit.ProviderFixture;
import com.poblysh.connectors.testkit.ProviderFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden fixtures of every provider, the provider test kit's {@code fixtures/<provider id>/*.json}: each a
 * provider request as the provider documents it (or, for {@code api.*} fixtures, an object as the provider's REST API
 * answers a poll) plus the signals it must become, identities included. Here the raw event ingest makes of it
 * ({@code event_type}, {@code received_at}, {@code body}) is normalized and compared with {@code expected}. The
 * normalizers are the registered beans, found exactly as the service finds them.
 */
class NormalizerGoldenTests extends RegisteredNormalizersTests {

    /** Receipt time of fixtures that do not say; only providers without event times may use it. */
    private static final Instant DEFAULT_RECEIVED_AT = Instant.parse("2030-01-01T00:00:00Z");

    static Stream<ProviderFixture> fixtures() {
        return ProviderFixtures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void producesTheExpectedSignals(ProviderFixture fixture) {
        List<NormalizedSignal> produced = normalize(fixture);

        assertThat(produced).as(fixture.toString()).containsExactlyElementsOf(expected(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void isAPureFunctionOfTheEventSoAReplayComputesTheSameSignals(ProviderFixture fixture) {
        assertThat(normalize(fixture)).isEqualTo(normalize(fixture));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void everyProviderHasANormalizerAndFixturesWithAndWithoutSignals(Provider provider) {
        assertThat(normalizers.forProvider(provider)).as("normalizer of " + provider).isPresent();
        List<ProviderFixture> fixtures = ProviderFixtures.of(provider);
        assertThat(fixtures).as("fixtures/" + provider.id()).isNotEmpty();
        assertThat(fixtures).as("a fixture of " + provider + " that yields signals")
                .anyMatch(f -> !f.expected().isEmpty());
        assertThat(fixtures).as("a fixture of " + provider + " that yields none (unmapped events are skipped)")
                .anyMatch(f -> f.expected().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theKindsAProviderProducesAreExactlyTheOnesItsCatalogueEntryPromises(Provider provider) {
        Set<SignalKind> produced = EnumSet.noneOf(SignalKind.class);
        for (ProviderFixture fixture : ProviderFixtures.of(provider)) {
            normalize(fixture).forEach(s -> produced.add(s.kind()));
        }

        assertThat(produced).as("kinds produced by the fixtures of " + provider)
                .containsExactlyInAnyOrderElementsOf(ProviderCatalogue.of(provider).signalKinds());
    }

    @ParameterizedTest(name = "{0}/{1} and {0}/{2}")
    @CsvSource({
            "jira, issue_created, api-issue-created",
            "jira, issue_updated, api-issue-updated",
            "jira, issue_updated-resolved, api-issue-resolved",
            "jira, comment_created, api-issue_comment",
            "microsoft_graph, message-created-enriched, api-message",
            "microsoft_graph, message-updated-enriched, api-message-updated",
            "microsoft_graph, message-deleted, api-message-removed",
            "microsoft_graph, event-created-enriched, api-event",
            "microsoft_graph, event-deleted, api-event-removed",
            "microsoft_graph, driveitem-deleted, api-drive_item-deleted"})
    void theWebhookAndTheApiShapeOfOneChangeAreOneSignal(String provider, String webhook, String api) {
        Provider p = Provider.fromId(provider).orElseThrow();
        NormalizedSignal pushed = single(normalize(ProviderFixtures.get(p, webhook)));
        NormalizedSignal polled = single(normalize(ProviderFixtures.get(p, api)));

        assertThat(pushed.identity()).isNotNull().isEqualTo(polled.identity());
        assertThat(pushed.kind()).isEqualTo(polled.kind());
    }

    @Test
    void everyExpectedKindIsInTheRegistry() {
        for (ProviderFixture fixture : ProviderFixtures.all()) {
            for (ExpectedSignal e : fixture.expected()) {
                assertThat(SignalKind.fromWireName(e.kind()))
                        .as(fixture + " expects a kind outside the registry: " + e.kind())
                        .isPresent();
            }
        }
    }

    private static List<NormalizedSignal> normalize(ProviderFixture fixture) {
        RawEvent event = RawEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.randomUUID())
                .setProvider(fixture.provider().id())
                .setSource(fixture.polled() ? EventSource.poll : EventSource.webhook)
                .setEventType(fixture.eventType())
                .setDeliveryId(UUID.randomUUID().toString())
                .setReceivedAt(fixture.receivedAt() == null ? DEFAULT_RECEIVED_AT : fixture.receivedAt())
                .setPayload(ByteBuffer.allocate(0))
                .build();
        return normalizers.forProvider(fixture.provider()).orElseThrow().normalize(event, fixture.body());
    }

    private static NormalizedSignal single(List<NormalizedSignal> signals) {
        assertThat(signals).hasSize(1);
        return signals.get(0);
    }

    private static List<NormalizedSignal> expected(ProviderFixture fixture) {
        return fixture.expected().stream().map(e -> new NormalizedSignal(SignalKind.fromWireName(e.kind())
                        .orElseThrow(() -> new AssertionError(fixture + " expects a kind outside the registry: "
                                + e.kind())),
                e.occurredAt(), e.actor(), e.title(), e.url(), e.stableTime(), e.identity())).toList();
    }
}
