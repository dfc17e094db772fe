package com.poblysh.connectors.bench.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.processor.normalize.Normalizers;
import com.poblysh.connectors.schemas.avro.EventSource;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
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
            assertThat(GithubEvents.organizationIds()).contains(body.at("/organization/id").asString());
            types.add(event.eventType());
        }
        assertThat(types).contains("push", "pull_request", "issues", "issue_comment", "pull_request_review",
                "release");
    }

    @Test
    void eachEventBecomesExactlyTheOneSignalItDescribes() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
                "com.poblysh.connectors.processor.normalize")) {
            Normalizer github = context.getBean(Normalizers.class).forProvider(Provider.GITHUB).orElseThrow();
            GithubEvents events = new GithubEvents(5);
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                GithubEvent event = events.event(i, Instant.parse("2026-11-01T10:00:00.123Z").plusSeconds(i));
                RawEvent raw = RawEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(UUID.randomUUID())
                        .setProvider("github").setSource(EventSource.webhook).setEventType(event.eventType())
                        .setDeliveryId(event.deliveryId()).setReceivedAt(Instant.EPOCH)
                        .setPayload(ByteBuffer.wrap(event.body())).build();

                List<NormalizedSignal> signals = github.normalize(raw, JSON.readTree(event.body()));

                assertThat(signals).as(event.eventType()).singleElement().satisfies(s -> {
                    assertThat(s.kind().wireName()).isEqualTo(event.kind());
                    assertThat(s.occurredAt()).isEqualTo(event.occurredAt());
                    assertThat(List.of(s.actor(), s.title(), s.url())).containsExactly(event.actor(), event.title(),
                            event.url());
                    assertThat(s.identity()).isEqualTo(event.identity());
                });
                keys.add(event.dedupeKey());
            }
            // no two events of a run are the same change, so each is stored as its own row
            assertThat(keys).hasSize(400);
        }
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
                "u", null);

        // HMAC-SHA256 of "{}" with key "secret", as computed by any other HMAC implementation
        assertThat(event.signature("secret"))
                .isEqualTo("sha256=77325902caca812dc259733aacd046b73817372c777b8d95b402647474516e13");
    }
}
