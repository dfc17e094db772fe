package com.poblysh.connectors.ingest.polling.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.polling.PolledProviderIntegrationTests;
import com.poblysh.connectors.ingest.jobs.CredentialRefresher;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.FakeServer;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi.Item;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi.Mailbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Microsoft Graph polling end to end inside ingest-service: the real executor and sync engine against a fake Graph
 * ({@link FakeMicrosoftGraphApi}: delta rounds, next and delta links, 410, faults), real Postgres for jobs and
 * cursors, real Kafka for what is published, read back from {@code connectors.raw-events}.
 */
@IngestIntegrationTest
class MicrosoftGraphPollingIntegrationTests extends PolledProviderIntegrationTests {

    private static final int PAGE = 2;

    FakeMicrosoftGraphApi graph;
    Mailbox mailbox;

    MicrosoftGraphPollingIntegrationTests() {
        super(Provider.MICROSOFT_GRAPH);
    }

    @BeforeEach
    void aFakeGraph() {
        graph = FakeMicrosoftGraphApi.start(clock);
        mailbox = graph.mailbox(token);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void aMultiPageBackfillReadsMailCalendarAndDriveAndPublishesEveryItemOnce() {
        Instant t = MutableClock.START.minus(Duration.ofDays(2));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(id("message", mailbox.deliver("Invoice " + i, "adele@contoso.com", t.plusSeconds(i))));
        }
        for (int i = 0; i < 3; i++) {
            expected.add(id("event", mailbox.schedule("Sync " + i, "megan@contoso.com", t,
                    t.plus(Duration.ofDays(i)))));
        }
        // beyond the calendar window: a calendar view does not list it
        mailbox.schedule("Far away", "megan@contoso.com", t, MutableClock.START.plus(Duration.ofDays(800)));
        for (int i = 0; i < 4; i++) {
            expected.add(id("driveItem", mailbox.upload("Forecast " + i + ".xlsx", "patti@contoso.com", t)));
        }
        UUID connection = connection(CredentialRefresher.NONE);
        UUID job = fullSync(connection);

        List<RawEvent> events = driver.assertBackfilled(tenant, connection, job, expected);
        assertThat(events.stream().collect(Collectors.groupingBy(RawEvent::getEventType, Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("api.message", 5L, "api.event", 3L,
                        "api.drive_item", 4L));
        JsonNode event = json.readTree(events.stream().filter(e -> e.getEventType().equals("api.event")).findFirst()
                .orElseThrow().getPayload().array());
        assertThat(event.has("body")).as("the HTML body is not published").isFalse();
        assertThat(event.path("subject").asString()).startsWith("Sync ");
        JsonNode cursor = driver.cursor(job);
        assertThat(cursor.has("current")).isFalse();
        for (String resource : List.of("messages", "events", "drive")) {
            assertThat(cursor.at("/resources/" + resource + "/delta_link").asString()).startsWith(graph.baseUrl());
            assertThat(cursor.at("/resources/" + resource).has("next_link")).isFalse();
        }
        // 5 messages, 3 events, the root and 4 files, two a page
        assertThat(mailbox.messages().requests()).isEqualTo(3);
        assertThat(mailbox.events().requests()).isEqualTo(2);
        assertThat(mailbox.drive().requests()).isEqualTo(3);
    }

    @Test
    void anIncrementalSyncFollowsTheDeltaLinksAndPublishesNewVersionsAndDeletions() {
        Instant t = MutableClock.START.minus(Duration.ofHours(3));
        Item kept = mailbox.deliver("Kept", "adele@contoso.com", t);
        Item read = mailbox.deliver("Read later", "adele@contoso.com", t);
        Item gone = mailbox.schedule("Cancelled", "megan@contoso.com", t, t.plus(Duration.ofDays(1)));
        UUID connection = connection(CredentialRefresher.NONE);
        driver.sync(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.FULL);
        String before = id("message", read);
        read.update("Read later", t.plusSeconds(600));
        gone.delete(t.plusSeconds(700));
        Item fresh = mailbox.upload("New.docx", "patti@contoso.com", t.plusSeconds(800));
        clock.advance(Duration.ofMinutes(15));
        UUID incremental = driver.queue(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.INCREMENTAL);

        driver.drain();

        assertThat(driver.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 3L);
        List<String> published = driver.deliveryIds(tenant);
        assertThat(published).containsExactlyInAnyOrder(id("message", kept), before, id("event", gone),
                id("message", read), "event:" + gone.id() + "@deleted", id("driveItem", fresh));
        assertThat(graph.requests(token)).filteredOn(r -> r.path().endsWith("/messages/delta")).last()
                .satisfies(r -> assertThat(r.query()).contains("$deltatoken="));
    }

    @Test
    void aServerErrorMidRoundKeepsTheNextLinkAndTheRetryCompletesTheSet() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            expected.add(id("message", mailbox.deliver("Mail " + i, "adele@contoso.com",
                    MutableClock.START.minusSeconds(600 - i))));
        }
        mailbox.messages().fail(2, 500, Map.of(), null);
        UUID connection = connection(CredentialRefresher.NONE);
        UUID job = fullSync(connection);

        assertThat(driver.job(job)).containsEntry("status", "queued").containsEntry("items", 2L);
        assertThat(driver.errorCode(job)).isEqualTo("http_500");
        JsonNode afterPage1 = driver.cursor(job);
        assertThat(afterPage1.at("/current").asString()).isEqualTo("messages");
        assertThat(afterPage1.at("/resources/messages/next_link").asString()).contains("$skiptoken=");

        clock.advance(Duration.ofSeconds(5));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded").containsEntry("items", 6L);
        driver.assertPublished(tenant, expected);
    }

    @Test
    void aThrottledPageWaitsForRetryAfterWithoutMovingTheCursorAndThenCompletes() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add(id("driveItem", mailbox.upload("File " + i + ".txt", "patti@contoso.com",
                    MutableClock.START.minusSeconds(60))));
        }
        mailbox.drive().fail(2, 429, Map.of("Retry-After", "17"), null);
        UUID connection = connection(CredentialRefresher.NONE);
        UUID job = fullSync(connection);

        JsonNode waiting = driver.assertWaitsForRetryAfterThenSucceeds(job, Duration.ofSeconds(17));

        assertThat(waiting.at("/current").asString()).isEqualTo("drive");
        driver.assertPublished(tenant, expected);
    }

    @Test
    void anUnauthorizedAnswerRefreshesTheTokenOnceAndTheRetriedPageUsesTheNewOne() {
        Item message = mailbox.deliver("Hello", "adele@contoso.com", MutableClock.START.minusSeconds(60));
        String refreshed = "graph-token-refreshed-" + UUID.randomUUID();
        AtomicInteger refreshes = new AtomicInteger();
        UUID connection = connection(driver.refresherTo(refreshed, () -> graph.revoke(token).grant(refreshed,
                mailbox), refreshes));
        mailbox.events().fail(1, 401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), null);
        UUID job = fullSync(connection);

        assertThat(refreshes).hasValue(1);
        assertThat(driver.job(job)).containsEntry("status", "succeeded");
        assertThat(graph.requests(refreshed)).extracting(FakeServer.Request::path)
                .anyMatch(p -> p.endsWith("/calendarView/delta"));
        assertThat(driver.published(tenant)).extracting(RawEvent::getDeliveryId)
                .containsExactly(id("message", message));
    }

    @Test
    void aGoneDeltaStateRestartsTheResourceWithAFullRoundThatRepublishesNoNewVersionOfKnownItems() {
        Instant t = MutableClock.START.minus(Duration.ofHours(3));
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            known.add(id("message", mailbox.deliver("Mail " + i, "adele@contoso.com", t.plusSeconds(i))));
        }
        UUID connection = connection(CredentialRefresher.NONE);
        driver.sync(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.FULL);
        Map<String, UUID> eventIds = driver.published(tenant).stream()
                .collect(Collectors.toMap(RawEvent::getDeliveryId, RawEvent::getEventId));
        Item arrived = mailbox.deliver("While away", "adele@contoso.com", t.plusSeconds(900));
        mailbox.messages().expireStateTokens();
        clock.advance(Duration.ofMinutes(15));
        UUID incremental = driver.queue(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.INCREMENTAL);

        driver.drain();

        assertThat(driver.job(incremental)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        List<RawEvent> all = driver.published(tenant);
        List<String> identities = new ArrayList<>(known);
        identities.add(id("message", arrived));
        // the full round read every message again under the same identity, hence the same event id: the processor
        // stores each version once
        assertThat(all.stream().map(RawEvent::getDeliveryId).distinct())
                .containsExactlyInAnyOrderElementsOf(identities);
        assertThat(all).filteredOn(e -> eventIds.containsKey(e.getDeliveryId())).hasSize(6)
                .allSatisfy(e -> assertThat(e.getEventId()).isEqualTo(eventIds.get(e.getDeliveryId())));
        // two rounds started without a state token: the first sync's and the one after the 410
        assertThat(graph.requests(token)).filteredOn(r -> r.path().endsWith("/messages/delta"))
                .filteredOn(r -> !String.valueOf(r.query()).contains("token=")).hasSize(2);
        assertThat(driver.cursor(incremental).at("/resources/messages/delta_link").asString())
                .contains("$deltatoken=");
    }

    @Test
    void aGoneStateAnswerToTheFirstRequestOfARoundIsTransientNotALoop() {
        mailbox.messages().fail(1, 410, Map.of(), "{\"error\":{\"code\":\"syncStateNotFound\",\"message\":\"x\"}}");
        UUID connection = connection(CredentialRefresher.NONE);
        UUID job = fullSync(connection);

        assertThat(driver.job(job)).containsEntry("status", "queued").containsEntry("attempts", 1);
        assertThat(driver.errorCode(job)).isEqualTo("sync_state_lost");
        assertThat(mailbox.messages().requests()).isEqualTo(1);
    }

    @Test
    void aCalendarWindowOlderThanTheRefreshIsMovedOnByAFullRound() {
        UUID connection = connection(CredentialRefresher.NONE);
        driver.sync(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.FULL);
        // a meeting the first window (up to a year ahead) did not reach
        Item later = mailbox.schedule("Next year", "megan@contoso.com", MutableClock.START,
                MutableClock.START.plus(Duration.ofDays(370)));
        clock.advance(Duration.ofDays(8));
        UUID incremental = driver.queue(tenant, connection, Provider.MICROSOFT_GRAPH, SyncType.INCREMENTAL);

        driver.drain();

        assertThat(driver.job(incremental)).containsEntry("status", "succeeded");
        assertThat(driver.published(tenant)).extracting(RawEvent::getDeliveryId)
                .containsExactly(id("event", later));
        assertThat(driver.cursor(incremental).at("/resources/events/window_start").asString())
                .isEqualTo(clock.instant().minus(Duration.ofDays(30)).toString());
    }

    @Test
    void aLinkOutsideTheGraphApiFailsTheJobAndTheTokenIsNotSentThere() {
        mailbox.messages().fail(1, 200, Map.of("Content-Type", "application/json"),
                "{\"value\":[],\"@odata.nextLink\":\"https://evil.example/v1.0/me/messages/delta?$skiptoken=x\"}");
        UUID connection = connection(CredentialRefresher.NONE);
        UUID job = fullSync(connection);

        assertThat(driver.job(job)).containsEntry("status", "failed");
        assertThat(driver.errorCode(job)).isEqualTo("unexpected_link");
    }

    @Test
    void aQuietIncrementalSyncPublishesNothingInThreeCalls() {
        mailbox.deliver("Only", "adele@contoso.com", MutableClock.START.minusSeconds(60));
        // one delta link per resource
        driver.assertQuietIncrementalAfterFullSync(tenant, connection(CredentialRefresher.NONE),
                Provider.MICROSOFT_GRAPH, () -> graph.requests(token).size(), 3);
    }

    @Override
    protected PollExecutor executor() {
        return new MicrosoftGraphPollExecutor(new MicrosoftGraphPollingProperties(
                URI.create(graph.baseUrl()), PAGE, "inbox", Duration.ofDays(30), Duration.ofDays(365),
                Duration.ofDays(7), Duration.ofSeconds(5)), driver.storedTokens(), clock, new SimpleMeterRegistry(),
                json);
    }

    /** The identity an item's current version is published under. */
    private static String id(String kind, Item item) {
        String version = item.version();
        if (version.startsWith("\"")) {
            version = version.substring(1, version.length() - 1);
        }
        return kind + ":" + item.id() + "@" + version;
    }
}
