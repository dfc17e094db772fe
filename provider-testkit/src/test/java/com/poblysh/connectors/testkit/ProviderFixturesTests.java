package com.poblysh.connectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture file is one event in the one format and the one naming style. */
class ProviderFixturesTests {

    static Stream<ProviderFixture> fixtures() {
        return ProviderFixtures.all().stream();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void everyProviderHasFixtures(Provider provider) {
        assertThat(ProviderFixtures.of(provider)).isNotEmpty().allSatisfy(f -> assertThat(f.provider())
                .isEqualTo(provider));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void isNamedInLowerCaseByItsEventTypeThenItsVariant(ProviderFixture fixture) {
        assertThat(fixture.name()).matches("[a-z0-9_]+(-[a-z0-9_]+)*");
        String type = fixture.eventType().replaceFirst("^jira:", "").replace('.', '-').toLowerCase(Locale.ROOT);
        assertThat(fixture.name()).as("named after event type %s", fixture.eventType())
                .satisfiesAnyOf(name -> assertThat(name).isEqualTo(type), name -> assertThat(name)
                        .startsWith(type + "-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void carriesTheHeadersItsProviderSends(ProviderFixture fixture) {
        if (fixture.polled()) {
            // an object a poll read: no request, no headers, and never a handshake
            assertThat(fixture.headers()).isEmpty();
            assertThat(fixture.handshake()).isFalse();
            assertThat(fixture.body().has("_poblysh") || fixture.provider() != Provider.JIRA)
                    .as("Jira objects carry the site they were read from").isTrue();
            return;
        }
        assertThat(fixture.headers()).containsEntry("Content-Type", "application/json");
        switch (fixture.provider()) {
            case GITHUB -> assertThat(fixture.headers()).containsEntry(GitHubWebhooks.EVENT_HEADER, fixture.eventType())
                    .containsKey(GitHubWebhooks.DELIVERY_HEADER);
            case JIRA -> assertThat(fixture.headers()).containsKey(JiraWebhooks.IDENTIFIER_HEADER);
            case SLACK -> assertThat(fixture.body().has("token")).as("Slack's verification token").isTrue();
            case MICROSOFT_GRAPH -> assertThat(fixture.body().has("clientState"))
                    .as("the clientState is added per request").isFalse();
        }
        assertThat(fixture.headers().keySet()).noneMatch(name -> name.toLowerCase(Locale.ROOT).contains("signature"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void aHandshakeBecomesNoSignal(ProviderFixture fixture) {
        if (fixture.handshake()) {
            assertThat(fixture.expected()).isEmpty();
        }
    }

    @Test
    void readsEveryFieldOfAFixture() {
        ProviderFixture fixture = ProviderFixtures.get(Provider.JIRA, "issue_updated-resolved");

        assertThat(fixture.eventType()).isEqualTo("jira:issue_updated");
        assertThat(fixture.handshake()).isFalse();
        assertThat(fixture.receivedAt()).isNull();
        assertThat(fixture.body().at("/issue/key").asString()).isEqualTo("PROJ-12");
        assertThat(fixture.expected()).singleElement().satisfies(signal -> {
            assertThat(signal.kind()).isEqualTo("issue_resolved");
            assertThat(signal.actor()).isEqualTo("Mia Krystof");
            assertThat(signal.stableTime()).isTrue();
            assertThat(signal.identity()).isEqualTo("issue:acme.atlassian.net:10002@10130");
        });
        assertThat(fixture.polled()).isFalse();
        assertThat(JiraWebhooks.fixture("api-issue-resolved").polled()).isTrue();
        assertThat(MicrosoftGraphWebhooks.fixture("driveitem-deleted").receivedAt()).isNotNull();
        assertThat(GitHubWebhooks.fixture("ping").handshake()).isTrue();
    }

    @Test
    void aPolledFixtureIsAnApiObjectNamedAfterItsResource() {
        ProviderFixture fixture = ProviderFixtures.get(Provider.GITHUB, "api-issue-closed");

        assertThat(fixture.polled()).isTrue();
        assertThat(fixture.eventType()).isEqualTo("api.issue");
        assertThat(fixture.body().path("_poblysh").path("repository").path("full_name").asString())
                .isEqualTo("Codertocat/Hello-World");
        assertThat(fixture.expected()).extracting(ExpectedSignal::identity)
                .containsExactly("issue:444500041:opened@2019-05-15T15:20:18Z",
                        "issue:444500041:closed@2019-05-16T09:42:07Z");
        assertThat(GitHubWebhooks.fixture("issues-closed").polled()).isFalse();
    }

    @Test
    void theBodyIsACopyAndItsBytesAreCompactJson() {
        ProviderFixture fixture = SlackWebhooks.fixture("message");
        fixture.body().put("event_id", "changed");

        assertThat(fixture.body().path("event_id").asString()).isEqualTo("Ev0PV52K25");
        assertThat(fixture.bodyText()).startsWith("{\"token\":\"XXYYZZ\",").doesNotContain("\n");
    }

    @Test
    void listsWhatItCanGet() {
        List<ProviderFixture> github = ProviderFixtures.of(Provider.GITHUB);

        assertThat(github).extracting(ProviderFixture::name).contains("push", "ping", "issues-opened-minimal")
                .isSorted();
        assertThat(github).contains(GitHubWebhooks.fixture("push"));
        assertThatThrownBy(() -> GitHubWebhooks.fixture("no-such-event")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changedBodiesKeepTheirEvent() {
        byte[] message = SlackWebhooks.message("Ev0OTHER01", "Other", 1_800_000_000L);
        String text = new String(message, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(text).contains("\"event_id\":\"Ev0OTHER01\"", "\"text\":\"Other\"", "\"ts\":\"1800000000.000200\"",
                "\"event_time\":1800000000");
        assertThat(new String(JiraWebhooks.issueCreated("PROJ-9", "S", java.time.Instant.parse(
                "2030-01-02T03:04:05Z")), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"key\":\"PROJ-9\"", "\"created\":\"2030-01-02T03:04:05.000+0000\"");
    }
}
