package com.poblysh.connectors.processor.normalize.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.ProviderFixture;
import com.poblysh.connectors.testkit.ProviderFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
                "pull_request-closed-merged.json", "pull_request-closed-unmerged.json", "push.json", "ping.json",
                "api-issue-open.json", "api-issue_comment.json", "api-pull_request_review.json", "api-commit.json");
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({
            "issues-opened, api-issue-open",
            "issues-opened, api-issue-updated",
            "issues-closed, api-issue-closed",
            "pull_request-opened, api-issue-pull_request-open",
            "pull_request-closed-merged, api-issue-pull_request-merged",
            "pull_request-closed-unmerged, api-issue-pull_request-closed",
            "issue_comment-created, api-issue_comment",
            "pull_request_review-submitted, api-pull_request_review",
            "push, api-commit"})
    void aWebhookAndAPollOfOneChangeNameItAlike(String webhook, String polled) {
        List<NormalizedSignal> pushed = normalize(webhook);
        List<NormalizedSignal> read = normalize(polled);

        // each change the webhook reports and the poll sees too carries one identity, so it is stored once
        assertThat(pushed).allSatisfy(s -> assertThat(s.identity()).isNotBlank());
        assertThat(read).allSatisfy(s -> assertThat(s.identity()).isNotBlank());
        List<String> shared = read.stream().map(NormalizedSignal::identity)
                .filter(id -> pushed.stream().anyMatch(s -> s.identity().equals(id))).toList();
        assertThat(shared).isNotEmpty();
        for (String identity : shared) {
            assertThat(kind(read, identity)).as(identity).isEqualTo(kind(pushed, identity));
        }
    }

    @Test
    void everyChangeAPollReportsIsOneAWebhookReportsToo() {
        // a poll never adds a signal that the webhooks of the same changes would not have given
        List<String> webhookIdentities = ProviderFixtures.of(Provider.GITHUB).stream().filter(f -> !f.polled())
                .flatMap(f -> normalize(f.name()).stream()).map(NormalizedSignal::identity).toList();
        List<String> pollIdentities = ProviderFixtures.of(Provider.GITHUB).stream().filter(ProviderFixture::polled)
                .flatMap(f -> normalize(f.name()).stream()).map(NormalizedSignal::identity).toList();

        assertThat(pollIdentities).isNotEmpty();
        assertThat(webhookIdentities).containsAll(pollIdentities);
    }

    @Test
    void aPushIsOneSignalPerCommitAndAPushWithoutCommitsOneOfItsOwn() {
        assertThat(normalize("push")).extracting(NormalizedSignal::title).containsExactly("Fix typo",
                "Update README.md");
        assertThat(normalize("push-tag-without-head-commit")).singleElement()
                .satisfies(s -> assertThat(s.identity()).startsWith("push:186853002:refs/tags/v0.1.0@"));
        assertThat(normalize("push-branch-deleted")).isEmpty();
    }

    @Test
    void anObjectWithoutItsIdsIsKeyedByItsDelivery() {
        assertThat(normalize("issues-opened-minimal")).singleElement()
                .satisfies(s -> assertThat(s.identity()).isNull());
    }

    @Test
    void theSameTimeWrittenWithAnOffsetIsTheSameVersion() {
        JsonNode payload = ProviderFixtures.get(Provider.GITHUB, "issues-closed").body();
        ((tools.jackson.databind.node.ObjectNode) payload.path("issue")).put("closed_at", "2019-05-16T04:42:07-05:00");

        assertThat(normalizer.normalize(event("issues"), payload)).singleElement()
                .satisfies(s -> assertThat(s.identity()).isEqualTo("issue:444500041:closed@2019-05-16T09:42:07Z"));
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

    private List<NormalizedSignal> normalize(String fixture) {
        ProviderFixture f = ProviderFixtures.get(Provider.GITHUB, fixture);
        return normalizer.normalize(event(f.eventType()), f.body());
    }

    private static SignalKind kind(List<NormalizedSignal> signals, String identity) {
        return signals.stream().filter(s -> identity.equals(s.identity())).findFirst().orElseThrow().kind();
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
