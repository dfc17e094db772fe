package com.poblysh.connectors.processor.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The golden fixtures of every provider, {@code fixtures/<provider id>/*.json}, each a provider payload as the
 * provider documents it plus the signals it must become: {@code {"event_type", "received_at"?, "payload",
 * "expected": [{"kind", "occurred_at", "actor", "title", "url", "stable_time"?}]}}. The normalizers are the
 * registered beans, found exactly as the service finds them.
 */
class NormalizerGoldenTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Receipt time of fixtures that do not say; only providers without event times may use it. */
    private static final Instant DEFAULT_RECEIVED_AT = Instant.parse("2030-01-01T00:00:00Z");

    private static AnnotationConfigApplicationContext context;
    private static Normalizers normalizers;

    @BeforeAll
    static void registeredNormalizers() {
        context = new AnnotationConfigApplicationContext(NormalizerGoldenTests.class.getPackageName());
        normalizers = context.getBean(Normalizers.class);
    }

    @AfterAll
    static void close() {
        context.close();
    }

    static Stream<Arguments> fixtures() {
        return Arrays.stream(Provider.values()).flatMap(provider -> files(provider).stream()
                .map(file -> Arguments.of(provider, file.getFileName().toString())));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("fixtures")
    void producesTheExpectedSignals(Provider provider, String fixture) throws IOException {
        Golden golden = read(provider, fixture);

        List<NormalizedSignal> produced = normalize(provider, golden);

        assertThat(produced).as(provider + "/" + fixture).containsExactlyElementsOf(golden.expected());
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("fixtures")
    void isAPureFunctionOfTheEventSoAReplayComputesTheSameSignals(Provider provider, String fixture)
            throws IOException {
        Golden golden = read(provider, fixture);

        assertThat(normalize(provider, golden)).isEqualTo(normalize(provider, golden));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void everyProviderHasANormalizerAndFixturesWithAndWithoutSignals(Provider provider) throws IOException {
        assertThat(normalizers.forProvider(provider)).as("normalizer of " + provider).isPresent();
        List<Path> files = files(provider);
        assertThat(files).as("fixtures/" + provider.id()).isNotEmpty();
        List<Golden> goldens = new ArrayList<>();
        for (Path file : files) {
            goldens.add(read(provider, file.getFileName().toString()));
        }
        assertThat(goldens).as("a fixture of " + provider + " that yields signals")
                .anyMatch(g -> !g.expected().isEmpty());
        assertThat(goldens).as("a fixture of " + provider + " that yields none (unmapped events are skipped)")
                .anyMatch(g -> g.expected().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void theKindsAProviderProducesAreExactlyTheOnesItsCatalogueEntryPromises(Provider provider) throws IOException {
        Set<SignalKind> produced = EnumSet.noneOf(SignalKind.class);
        for (Path file : files(provider)) {
            normalize(provider, read(provider, file.getFileName().toString())).forEach(s -> produced.add(s.kind()));
        }

        assertThat(produced).as("kinds produced by the fixtures of " + provider)
                .containsExactlyInAnyOrderElementsOf(ProviderCatalogue.of(provider).signalKinds());
    }

    @Test
    void everyExpectedKindIsInTheRegistry() throws IOException {
        for (Provider provider : Provider.values()) {
            for (Path file : files(provider)) {
                for (JsonNode e : JSON.readTree(Files.readString(file)).path("expected")) {
                    assertThat(SignalKind.fromWireName(e.path("kind").asString()))
                            .as(provider + "/" + file.getFileName() + " expects a kind outside the registry: "
                                    + e.path("kind"))
                            .isPresent();
                }
            }
        }
    }

    private static List<NormalizedSignal> normalize(Provider provider, Golden golden) {
        RawEvent event = RawEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.randomUUID())
                .setProvider(provider.id())
                .setSource(EventSource.webhook)
                .setEventType(golden.eventType())
                .setDeliveryId(UUID.randomUUID().toString())
                .setReceivedAt(golden.receivedAt())
                .setPayload(ByteBuffer.allocate(0))
                .build();
        return normalizers.forProvider(provider).orElseThrow().normalize(event, golden.payload());
    }

    private static Golden read(Provider provider, String fixture) throws IOException {
        JsonNode file = JSON.readTree(Files.readString(folder(provider).resolve(fixture)));
        List<NormalizedSignal> expected = new ArrayList<>();
        for (JsonNode e : file.path("expected")) {
            SignalKind kind = SignalKind.fromWireName(e.path("kind").asString()).orElseThrow(
                    () -> new AssertionError(fixture + " expects a kind outside the registry: " + e.path("kind")));
            expected.add(new NormalizedSignal(kind, Instant.parse(e.path("occurred_at").asString()),
                    text(e, "actor"), text(e, "title"), text(e, "url"), e.path("stable_time").asBoolean(true)));
        }
        Instant receivedAt = file.has("received_at") ? Instant.parse(file.path("received_at").asString())
                : DEFAULT_RECEIVED_AT;
        return new Golden(file.path("event_type").asString(), receivedAt, file.path("payload"), expected);
    }

    private static List<Path> files(Provider provider) {
        Path folder = folder(provider);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder(Provider provider) {
        try {
            return Path.of(NormalizerGoldenTests.class.getResource("/fixtures").toURI()).resolve(provider.id());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    private record Golden(String eventType, Instant receivedAt, JsonNode payload, List<NormalizedSignal> expected) {
    }
}
