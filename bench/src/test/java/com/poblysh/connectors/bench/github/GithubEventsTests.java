package com.poblysh.connectors.bench.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GithubEventsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void deliversValidJsonOfTwoToEightKilobytesOverSeveralEventTypes() {
        GithubEvents events = new GithubEvents(1);
        Set<String> types = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            GithubEvent event = events.event(i, Instant.parse("2026-11-01T10:00:00Z"));
            assertThat(event.body().length).isBetween(2_000, 8_192);
            JsonNode body = JSON.readTree(event.body());
            assertThat(body.at("/sender/login").asString()).isEqualTo(event.actor());
            types.add(event.eventType());
        }
        assertThat(types).contains("push", "pull_request", "issues", "issue_comment", "pull_request_review",
                "release");
    }

    @Test
    void theSameIndexIsTheSameEventApartFromItsTime() {
        GithubEvents events = new GithubEvents(3);
        GithubEvent a = events.event(42, Instant.parse("2026-11-01T10:00:00Z"));
        GithubEvent b = events.event(42, Instant.parse("2026-11-01T10:00:00Z"));

        assertThat(b.body()).isEqualTo(a.body());
        assertThat(b.deliveryId()).isEqualTo(a.deliveryId());
        assertThat(a.occurredAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void signsLikeGithub() {
        GithubEvent event = new GithubEvent("issues", "d", "{}".getBytes(), "issue_created", Instant.EPOCH, "a", "t",
                "u");

        // HMAC-SHA256 of "{}" with key "secret", as computed by any other HMAC implementation
        assertThat(event.signature("secret"))
                .isEqualTo("sha256=77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13");
    }
}
