package com.poblysh.connectors.ingest.polling.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.polling.PolledProviderIntegrationTests;
import com.poblysh.connectors.ingest.jobs.CredentialRefresher;
import com.poblysh.connectors.ingest.jobs.MutableClock;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.FakeServer;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.jira.FakeJiraApi.Issue;
import com.poblysh.connectors.testkit.jira.FakeJiraApi.Site;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Jira polling end to end inside ingest-service: the real executor and sync engine against a fake Jira Cloud
 * ({@link FakeJiraApi}: paging tokens, JQL in the user's time zone, faults), real Postgres for jobs and cursors, real
 * Kafka for what is published, read back from {@code connectors.raw-events}.
 */
@IngestIntegrationTest
class JiraPollingIntegrationTests extends PolledProviderIntegrationTests {

    /** A zone west of UTC: a search written in UTC there would start hours too late and lose issues. */
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final int PAGE = 2;

    FakeJiraApi jira;

    JiraPollingIntegrationTests() {
        super(Provider.JIRA);
    }

    @BeforeEach
    void aFakeJiraCloud() {
        jira = FakeJiraApi.start(clock);
    }

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void aMultiPageBackfillOfTwoSitesPublishesEveryChangeOnce() {
        Site acme = site("acme");
        Site beta = site("beta");
        Instant t = MutableClock.START.minus(Duration.ofDays(3));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Issue issue = acme.createIssue("PAY-" + i, "Issue " + i, "Mia Krystof", t.plusSeconds(i * 600L));
            if (i % 2 == 0) {
                issue.start("Arjun Mehta", t.plusSeconds(i * 600L + 60));
            }
            if (i == 3) {
                issue.comment("Arjun Mehta", "Reproduced.", t.plusSeconds(i * 600L + 120));
            }
            expected.addAll(changes(acme, issue));
        }
        // more history and comments than a search page holds: the executor reads the rest itself
        acme.changelogLimit(2).commentLimit(1);
        Issue busy = acme.createIssue("PAY-9", "Busy", "Mia Krystof", t.plusSeconds(4000));
        busy.rename("Busy one", "Mia Krystof", t.plusSeconds(4010));
        busy.start("Mia Krystof", t.plusSeconds(4020));
        busy.rename("Busy two", "Mia Krystof", t.plusSeconds(4030));
        busy.resolve("Arjun Mehta", t.plusSeconds(4040));
        busy.comment("Arjun Mehta", "One", t.plusSeconds(4050));
        busy.comment("Mia Krystof", "Two", t.plusSeconds(4060));
        expected.addAll(changes(acme, busy));
        Issue other = beta.createIssue("OPS-1", "Elsewhere", "Mia Krystof", t.plusSeconds(300));
        expected.addAll(changes(beta, other));
        UUID connection = connectionTo(acme, beta);
        UUID job = fullSync(connection);

        List<RawEvent> events = driver.assertBackfilled(tenant, connection, job, expected);
        assertThat(events).extracting(RawEvent::getEventType).isSubsetOf("api.issue", "api.issue_comment");
        RawEvent resolved = events.stream().filter(e -> e.getDeliveryId().equals(id(acme, busy) + "@"
                + busy.histories().get(3).id())).findFirst().orElseThrow();
        JsonNode payload = json.readTree(resolved.getPayload().array());
        assertThat(payload.at("/changelog/histories")).hasSize(1);
        assertThat(payload.at("/changelog/histories/0/items/0/toString").asString()).isEqualTo("Done");
        assertThat(payload.at("/_poblysh/site").asString()).isEqualTo(acme.url());
        assertThat(payload.at("/fields/summary").asString()).isEqualTo("Busy two");
        JsonNode cursor = driver.cursor(job);
        assertThat(cursor.has("run")).isFalse();
        assertThat(cursor.at("/sites/" + acme.cloudId() + "/since").asString())
                .isEqualTo(busy.updated().toString());
        assertThat(cursor.at("/sites/" + acme.cloudId() + "/time_zone").asString()).isEqualTo("America/New_York");
        // pages of two issues: three for acme's six, one for beta's
        assertThat(acme.searches()).isEqualTo(3);
        assertThat(beta.searches()).isEqualTo(1);
    }

    @Test
    void aServerErrorMidwayLeavesTheCursorAndTheRetryCompletesTheSet() {
        Site acme = site("acme");
        List<String> expected = issues(acme, 6, MutableClock.START.minus(Duration.ofHours(5)));
        acme.failSearch(2, 500, Map.of(), "{\"errorMessages\":[\"Internal server error\"]}");
        UUID job = fullSync(connectionTo(acme));

        Map<String, Object> failed = driver.job(job);
        assertThat(failed).containsEntry("status", "queued").containsEntry("items", 2L);
        assertThat(driver.errorCode(job)).isEqualTo("http_500");
        JsonNode afterPage1 = driver.cursor(job);
        assertThat(afterPage1.at("/run/site").asString()).isEqualTo(acme.cloudId());
        assertThat(afterPage1.at("/run/token").asString()).isNotBlank();
        driver.assertPublished(tenant, expected.subList(0, 2));

        clock.advance(Duration.ofSeconds(5));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded").containsEntry("items", 6L)
                .containsEntry("error", null);
        driver.assertPublished(tenant, expected);
    }

    @Test
    void aRateLimitedPageWaitsForRetryAfterWithoutMovingTheCursorAndThenCompletes() {
        Site acme = site("acme");
        List<String> expected = issues(acme, 4, MutableClock.START.minus(Duration.ofHours(5)));
        acme.failSearch(2, 429, Map.of("Retry-After", "30"), "{\"errorMessages\":[\"Rate limit exceeded.\"]}");
        UUID job = fullSync(connectionTo(acme));

        assertThat(driver.job(job)).containsEntry("items", 2L);
        driver.assertWaitsForRetryAfterThenSucceeds(job, Duration.ofSeconds(30));
        driver.assertPublished(tenant, expected);
    }

    @Test
    void anUnauthorizedAnswerRefreshesTheTokenOnceAndTheRetriedPageUsesTheNewOne() {
        Site acme = site("acme");
        List<String> expected = issues(acme, 4, MutableClock.START.minus(Duration.ofHours(5)));
        jira.grant(token, acme);
        String refreshed = "jira-token-refreshed-" + UUID.randomUUID();
        AtomicInteger refreshes = new AtomicInteger();
        // what the token refresher does: a new token from Atlassian, stored encrypted on the connection
        UUID connection = connection(driver.refresherTo(refreshed, () -> jira.revoke(token).grant(refreshed, acme),
                refreshes));
        acme.failSearch(2, 401, Map.of("WWW-Authenticate", "Bearer realm=\"jira\""),
                "{\"code\":401,\"message\":\"Unauthorized\"}");
        UUID job = fullSync(connection);

        assertThat(refreshes).hasValue(1);
        assertThat(driver.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        assertThat(jira.requests(refreshed)).extracting(FakeServer.Request::path)
                .anyMatch(p -> p.endsWith("/search/jql"));
        driver.assertPublished(tenant, expected);
    }

    @Test
    void anExpiredPageTokenReadsTheSitesSearchAgainFromItsStart() {
        Site acme = site("acme");
        List<String> expected = issues(acme, 6, MutableClock.START.minus(Duration.ofHours(5)));
        acme.failSearch(2, 429, Map.of("Retry-After", "60"), "{\"errorMessages\":[\"Rate limit exceeded.\"]}");
        UUID job = driver.queue(tenant, connectionTo(acme), Provider.JIRA, SyncType.FULL);
        driver.drain();
        assertThat(driver.cursor(job).at("/run/token").asString()).isNotBlank();
        acme.expirePageTokens();

        clock.advance(Duration.ofSeconds(60));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded");
        // page one is read again: its change in the minute the page ended in is remembered, the earlier one is
        // published twice under the same delivery id (so the same event id); nothing is missing
        List<String> published = driver.deliveryIds(tenant);
        assertThat(published).containsAll(expected).hasSize(expected.size() + 1);
        assertThat(published.stream().filter(expected.get(0)::equals)).hasSize(2);
    }

    @Test
    void aForbiddenSearchFailsTheJobWithItsErrorAndIsNotRetried() {
        Site acme = site("acme");
        issues(acme, 2, MutableClock.START.minus(Duration.ofHours(5)));
        acme.failSearch(1, 403, Map.of(), "{\"errorMessages\":[\"The app is not installed on this instance.\"]}");
        UUID job = fullSync(connectionTo(acme));
        clock.advance(Duration.ofHours(1));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "failed").containsEntry("cursor", null);
        JsonNode error = json.readTree((String) driver.job(job).get("error"));
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "at");
        assertThat(error.get("code").asString()).isEqualTo("forbidden");
        assertThat(error.get("message").asString()).contains("403", "not installed");
        assertThat(acme.searches()).isEqualTo(1);
    }

    @Test
    void tiesOnTheSameUpdatedMinuteAcrossPagesAndSyncsLoseNothingAndRepeatNothing() {
        Site acme = site("acme");
        Instant minute = MutableClock.START.minus(Duration.ofMinutes(40))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        List<String> first = new ArrayList<>();
        first.addAll(changes(acme, acme.createIssue("PAY-1", "Before", "Mia", minute.minusSeconds(600))));
        for (int s = 5; s <= 25; s += 10) {
            first.addAll(changes(acme, acme.createIssue("PAY-" + (s + 100), "Tie " + s, "Mia", minute.plusSeconds(s))));
        }
        UUID connection = connectionTo(acme);
        driver.sync(tenant, connection, Provider.JIRA, SyncType.FULL);
        driver.assertPublished(tenant, first);
        // later changes within the very minute the first sync ended in, on either side of the page boundary
        List<String> later = new ArrayList<>();
        later.addAll(changes(acme, acme.createIssue("PAY-140", "Tie 40", "Mia", minute.plusSeconds(40))));
        later.addAll(changes(acme, acme.createIssue("PAY-150", "Tie 50", "Mia", minute.plusSeconds(50))));
        clock.advance(Duration.ofMinutes(15));
        UUID incremental = driver.queue(tenant, connection, Provider.JIRA, SyncType.INCREMENTAL);

        driver.drain();

        assertThat(driver.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 2L);
        List<String> all = new ArrayList<>(first);
        all.addAll(later);
        driver.assertPublished(tenant, all);
        // the incremental search starts at the boundary minute itself, written as New York time
        String boundary = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(minute.atZone(NEW_YORK));
        assertThat(jira.requests(token)).filteredOn(r -> r.path().endsWith("/search/jql")).last()
                .satisfies(r -> assertThat(r.query()).contains("updated >= \"" + boundary + "\""));
    }

    @Test
    void aQuietIncrementalSyncPublishesNothingInTwoCalls() {
        Site acme = site("acme");
        issues(acme, 3, MutableClock.START.minus(Duration.ofDays(1)));
        // accessible-resources and one search of the boundary minute
        driver.assertQuietIncrementalAfterFullSync(tenant, connectionTo(acme), Provider.JIRA,
                () -> jira.requests(token).size(), 2);
    }

    private Site site(String name) {
        return jira.site(name + "-" + UUID.randomUUID().toString().substring(0, 6), NEW_YORK);
    }

    /** A connection holding the token, which {@code sites} grant, polled without a refresher. */
    private UUID connectionTo(Site... sites) {
        jira.grant(token, sites);
        return connection(CredentialRefresher.NONE);
    }

    @Override
    protected PollExecutor executor() {
        return new JiraPollExecutor(new JiraPollingProperties(URI.create(jira.baseUrl()), PAGE,
                Duration.ofMinutes(5), Duration.ofSeconds(5)), driver.storedTokens(), clock, new SimpleMeterRegistry(),
                json);
    }

    /** {@code count} issues created a minute apart from {@code from}; their identities in search order. */
    private static List<String> issues(Site site, int count, Instant from) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.addAll(changes(site, site.createIssue("PAY-" + (10 + i), "Issue " + i, "Mia Krystof",
                    from.plusSeconds(60L * i))));
        }
        return ids;
    }

    private static String id(Site site, Issue issue) {
        return "issue:" + URI.create(site.url()).getHost() + ":" + issue.id();
    }

    /** The identities an issue's changes are published under: creation, each changelog entry, each comment. */
    private static List<String> changes(Site site, Issue issue) {
        List<String> ids = new ArrayList<>();
        ids.add(id(site, issue) + "@created");
        issue.histories().forEach(h -> ids.add(id(site, issue) + "@" + h.id()));
        issue.comments().forEach(c -> ids.add("comment:" + URI.create(site.url()).getHost() + ":" + c.id()
                + "@created"));
        return ids;
    }
}
