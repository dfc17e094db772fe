package com.poblysh.connectors.processor.normalize.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.ProviderFixtures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GitHub specifics beyond the golden fixtures (which {@code NormalizerGoldenTests} runs). */
class GitHubNormalizerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GitHubNormalizer normalizer = new GitHubNormalizer();

    @Test
    void coversTheRequiredEvents() {
        List<String> fixtures = ProviderFixtures.of(Provider.GITHUB).stream().map(f -> f.name() + ".json").toList();
        assertThat(fixtures).contains("issues-opened.json", "issues-closed.json", "pull_request-opened.json",
                "pull_request-closed-merged.json", "pull_request-closed-unmerged.json", "push.json", "ping.json");
    }

    @Test
    void isAPureFunctionOfTheEventSoAReplayComputesTheSameSignals() {
        JsonNode payload = ProviderFixtures.get(Provider.GITHUB, "push").body();

        assertThat(normalizer.normalize(event("push"), payload))
                .isEqualTo(normalizer.normalize(event("push"), payload));
    }

    @Test
    void refusesAMappedEventWithoutItsTimestamp() {
        JsonNode payload = JSON.readTree("""
                {"action": "opened", "issue": {"title": "No date", "html_url": "https://github.com/o/r/issues/1"},
                 "sender": {"login": "octocat"}}""");

        assertThatThrownBy(() -> normalizer.normalize(event("issues"), payload))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("/issue/created_at");
    }

    @Test
    void refusesAMappedEventWithoutItsObject() {
        JsonNode payload = JSON.readTree("""
                {"action": "opened", "sender": {"login": "octocat"}}""");

        assertThatThrownBy(() -> normalizer.normalize(event("pull_request"), payload))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("/pull_request");
    }

    @Test
    void refusesATimestampThatIsNotIso8601() {
        JsonNode payload = JSON.readTree("""
                {"action": "published", "release": {"tag_name": "v1", "published_at": "yesterday"}}""");

        assertThatThrownBy(() -> normalizer.normalize(event("release"), payload))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("yesterday");
    }

    private static RawEvent event(String eventType) {
        return RawEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId(UUID.randomUUID())
                .setProvider("github")
                .setSource(EventSource.webhook)
                .setEventType(eventType)
                .setDeliveryId(UUID.randomUUID().toString())
                .setReceivedAt(Instant.now())
                .setPayload(ByteBuffer.allocate(0))
                .build();
    }
}
