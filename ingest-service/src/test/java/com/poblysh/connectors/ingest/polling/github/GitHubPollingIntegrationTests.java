package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.jobs.CredentialRefresher;
import com.poblysh.connectors.ingest.jobs.SyncDriver;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub polling end to end inside ingest: the executor against {@link FakeGitHubApi} (GitHub's REST API with real
 * paging, {@code since}, {@code Link} and rate-limit headers, and injected faults), run by the sync engine on the
 * real schema, every published event read back from {@code connectors.raw-events}. Small pages (3 items) make every
 * list span pages.
 */
@IngestIntegrationTest
class GitHubPollingIntegrationTests {

    private static final FakeGitHubApi GITHUB = FakeGitHubApi.start();
    /** The fake's time when a test starts: GitHub stamps objects and answers with it. */
    private static final Instant T0 = Instant.parse("2031-03-02T10:00:00Z");
    private static final int PAGE = 3;
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    SyncDriver driver;
    GitHubAccount account;
    UUID tenant;
    UUID connection;

    @AfterAll
    static void stopFake() {
        GITHUB.close();
    }

    @BeforeEach
    void aConnectionWithItsToken() {
        GITHUB.setNow(T0);
        driver = SyncDriver.on(context);
        account = GITHUB.account("octo" + ACCOUNTS.incrementAndGet());
        tenant = UUID.randomUUID();
        connection = driver.connection(tenant, Provider.GITHUB);
        driver.storeToken(connection, account.token());
        engine(CredentialRefresher.NONE, 100);
    }

    @Test
    void aMultiPageBackfillPublishesEveryItemOnceAndTheNextPassStartsWhereItStarted() {
        GitHubRepository hello = seed(account.repository("hello"));
        GitHubRepository tools = seed(account.repository("tools"));
        UUID job = fullSync();

        List<String> expected = new ArrayList<>(deliveries(hello));
        expected.addAll(deliveries(tools));
        List<RawEvent> events = driver.assertBackfilled(tenant, connection, job, expected);
        assertThat(driver.job(job)).containsEntry("error", null);
        assertThat(driver.cursor(job)).isEqualTo(json.readTree("{\"since\":\"" + T0 + "\"}"));
        assertThat(events).extracting(RawEvent::getEventType).isSubsetOf(GitHubPollExecutor.ISSUE,
                GitHubPollExecutor.ISSUE_COMMENT, GitHubPollExecutor.REVIEW, GitHubPollExecutor.COMMIT);
        JsonNode comment = payload(events.stream().filter(e -> e.getEventType().equals(GitHubPollExecutor.ISSUE_COMMENT))
                .findFirst().orElseThrow());
        assertThat(comment.at("/_poblysh/repository/full_name").asString()).isIn(hello.fullName(), tools.fullName());
        assertThat(comment.at("/_poblysh/issue/title").asString()).startsWith("Issue ");
        JsonNode review = payload(events.stream().filter(e -> e.getEventType().equals(GitHubPollExecutor.REVIEW))
                .findFirst().orElseThrow());
        assertThat(review.at("/_poblysh/pull_request/title").asString()).startsWith("Pull ");
        // reviews come with their pull request's page; the issues list never shows the same page twice
        assertThat(account.requests()).filteredOn(r -> r.contains("/issues?")).allMatch(r -> r.contains("state=all")
                && r.contains("sort=updated") && r.contains("direction=asc") && r.contains("per_page=3"));
    }

    @Test
    void itemsThatChangeDuringABackfillAreReadInTheirNewVersionAndNothingIsSkipped() {
        GitHubRepository repo = seed(account.repository("busy"));
        engine(CredentialRefresher.NONE, 2);
        UUID job = driver.queue(tenant, connection, Provider.GITHUB, SyncType.FULL);
        // one run: the repositories, then the first page of issues; the job goes back to the queue
        assertThat(driver.runNext()).isTrue();
        assertThat(driver.job(job)).containsEntry("status", "queued");
        GITHUB.advance(Duration.ofMinutes(30));
        int first = repo.allIssues().get(0).path("number").asInt();
        repo.close(first);
        repo.comment(5, "Seen while the backfill ran");
        repo.openIssue("Opened during the backfill");
        repo.commit("Pushed during the backfill");

        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded");
        List<String> published = driver.deliveryIds(tenant);
        assertThat(published).doesNotHaveDuplicates().containsAll(deliveries(repo));
        JsonNode closed = repo.allIssues().get(0);
        assertThat(published).contains("issue:" + closed.path("id").asLong() + "@" + closed.path("updated_at")
                .asString());
    }

    @Test
    void tiesOnUpdatedAtAcrossAPageBoundaryAreNotLost() {
        GitHubRepository repo = account.repository("ties");
        repo.openIssue("Issue before the tie");
        GITHUB.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            repo.openIssue("Issue in the tie " + i); // five issues, one second: a page boundary falls inside them
        }
        GITHUB.advance(Duration.ofMinutes(1));
        repo.openIssue("Issue after the tie");
        GITHUB.advance(Duration.ofMinutes(10));
        UUID job = fullSync();

        assertThat(driver.job(job)).containsEntry("status", "succeeded");
        driver.assertPublished(tenant, deliveries(repo));
        assertThat(deliveries(repo)).hasSize(7);
    }

    @Test
    void aServerErrorOnPage3LeavesTheCursorAtPage2AndTheRetryCompletesTheSet() {
        GitHubRepository repo = seed(account.repository("flaky"));
        // page 1 lists the repositories, page 2 is the first page of issues, page 3 the second
        account.failOnce("/issues", 2, 500);
        UUID job = fullSync();

        Map<String, Object> failed = driver.job(job);
        assertThat(failed).containsEntry("status", "queued").containsEntry("attempts", 1);
        assertThat(driver.errorCode(job)).isEqualTo("http_500");
        JsonNode cursor = json.readTree((String) failed.get("cursor"));
        assertThat(cursor.path("resource").asString()).isEqualTo("issues");
        List<JsonNode> byUpdate = repo.allIssues().stream().sorted((a, b) -> a.path("updated_at").asString()
                .compareTo(b.path("updated_at").asString())).map(JsonNode.class::cast).toList();
        assertThat(cursor.path("from").asString()).isEqualTo(byUpdate.get(PAGE - 1).path("updated_at").asString());
        int page2Items = driver.deliveryIds(tenant).size();
        assertThat(failed.get("items")).isEqualTo((long) page2Items);
        assertThat(page2Items).isGreaterThanOrEqualTo(PAGE);

        driver.clock().advance(Duration.ofSeconds(5));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 2);
        driver.assertPublished(tenant, deliveries(repo));
    }

    @Test
    void a429WithRetryAfterWaitsThatLongWithoutACountedAttemptAndThenCompletes() {
        GitHubRepository repo = seed(account.repository("busy-api"));
        account.rateLimitOnce("/issues/comments", 1, Duration.ofSeconds(120));
        UUID job = fullSync();

        JsonNode waiting = driver.assertWaitsForRetryAfterThenSucceeds(job, Duration.ofSeconds(120));

        assertThat(waiting.path("resource").asString()).isEqualTo("comments");
        driver.assertPublished(tenant, deliveries(repo));
    }

    @Test
    void aSecondaryRateLimitWaitsForItsRetryAfter() {
        GitHubRepository repo = seed(account.repository("secondary"));
        account.secondaryRateLimitOnce("/commits", 1, Duration.ofSeconds(90));
        UUID job = fullSync();

        driver.assertWaitsForRetryAfterThenSucceeds(job, Duration.ofSeconds(90));
        driver.assertPublished(tenant, deliveries(repo));
    }

    @Test
    void aSpentHourlyBudgetWaitsUntilItsResetWithoutSpendingARefusedRequest() {
        GitHubRepository repo = seed(account.repository("budget"));
        // the repositories' page is the last request of the hour: its answer says 0 remaining, reset in an hour
        account.remainingRequests(1);
        UUID job = fullSync();

        Map<String, Object> waiting = driver.job(job);
        assertThat(waiting).containsEntry("status", "queued").containsEntry("attempts", 0);
        // GitHub's reset, an hour after its Date, plus a second
        assertThat(driver.scheduledAt(job)).isEqualTo(driver.clock().instant().plusSeconds(3601));
        assertThat(account.requests()).hasSize(1);
        GITHUB.advance(Duration.ofHours(1));
        driver.clock().advance(Duration.ofSeconds(3601));
        driver.drain();

        assertThat(driver.job(job)).containsEntry("status", "succeeded");
        driver.assertPublished(tenant, deliveries(repo));
    }

    @Test
    void a401RefreshesTheTokenOnceAndReadsThePageAgain() {
        GitHubRepository repo = seed(account.repository("rotated"));
        // GitHub no longer takes the stored token; the refresher stores the one it now takes
        account.rotateToken();
        AtomicInteger refreshes = new AtomicInteger();
        engine((t, provider, c) -> {
            assertThat(c).isEqualTo(connection);
            refreshes.incrementAndGet();
            driver.storeToken(connection, account.token());
            return true;
        }, 100);
        UUID job = fullSync();

        assertThat(refreshes).hasValue(1);
        assertThat(driver.job(job)).containsEntry("status", "succeeded").containsEntry("attempts", 1);
        driver.assertPublished(tenant, deliveries(repo));
    }

    @Test
    void aRepositoryThatIsGoneFailsTheJobWithItsErrorAndIsNotRetried() {
        GitHubRepository repo = seed(account.repository("doomed"));
        engine(CredentialRefresher.NONE, 2);
        UUID job = driver.queue(tenant, connection, Provider.GITHUB, SyncType.FULL);
        assertThat(driver.runNext()).isTrue();
        repo.remove();

        driver.drain();
        int requests = account.requests().size();
        driver.clock().advance(Duration.ofDays(1));
        driver.drain();

        Map<String, Object> row = driver.job(job);
        assertThat(row).containsEntry("status", "failed");
        JsonNode error = json.readTree((String) row.get("error"));
        assertThat(error.path("code").asString()).isEqualTo("repository_not_found");
        assertThat(error.path("message").asString()).contains("/repos/" + repo.fullName()).contains("404");
        assertThat(error.path("message").asString()).doesNotContain(account.token()).doesNotContain(GITHUB.baseUrl());
        assertThat(account.requests()).hasSize(requests);
    }

    @Test
    void aForbiddenAnswerThatIsNoRateLimitFailsTheJob() {
        seed(account.repository("private"));
        account.failOnce("/commits", 1, 403);
        UUID job = fullSync();

        Map<String, Object> row = driver.job(job);
        assertThat(row).containsEntry("status", "failed");
        assertThat(driver.errorCode(job)).isEqualTo("forbidden");
    }

    @Test
    void aQuietIncrementalPassCostsOneListingAndThreeRequestsPerRepositoryAndPublishesNothing() {
        seed(account.repository("one"));
        seed(account.repository("two"));
        driver.queue(tenant, connection, Provider.GITHUB, SyncType.FULL);
        driver.drain();
        int published = driver.deliveryIds(tenant).size();
        account.clearRequests();
        GITHUB.advance(Duration.ofMinutes(15));
        driver.clock().advance(Duration.ofMinutes(15));
        UUID incremental = driver.queue(tenant, connection, Provider.GITHUB, SyncType.INCREMENTAL);

        driver.drain();

        assertThat(driver.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 0L);
        assertThat(driver.deliveryIds(tenant)).hasSize(published);
        assertThat(account.requests()).hasSize(1 + 3 * 2);
        // the previous pass started at T0; this one reads from a minute before
        assertThat(account.requests()).filteredOn(r -> !r.contains("/user/repos"))
                .allMatch(r -> r.contains("since=" + T0.minus(GitHubPollExecutor.OVERLAP)));
    }

    @Test
    void anIncrementalPassPublishesOnlyWhatChangedSinceThePreviousPassStarted() {
        GitHubRepository repo = seed(account.repository("lively"));
        driver.queue(tenant, connection, Provider.GITHUB, SyncType.FULL);
        driver.drain();
        List<String> before = driver.deliveryIds(tenant);
        GITHUB.advance(Duration.ofMinutes(20));
        ObjectNode comment = repo.comment(1, "A new comment");
        ObjectNode commit = repo.commit("A new commit");
        UUID incremental = driver.queue(tenant, connection, Provider.GITHUB, SyncType.INCREMENTAL);

        driver.drain();

        JsonNode issue = repo.allIssues().stream().filter(i -> i.path("number").asInt() == 1).findFirst()
                .orElseThrow();
        List<String> added = new ArrayList<>(driver.deliveryIds(tenant));
        before.forEach(added::remove);
        assertThat(added).containsExactlyInAnyOrder(
                "issue:" + issue.path("id").asLong() + "@" + issue.path("updated_at").asString(),
                "issue_comment:" + comment.path("id").asLong() + "@" + comment.path("updated_at").asString(),
                "commit:" + repo.id() + ":" + commit.path("sha").asString());
        assertThat(driver.job(incremental)).containsEntry("status", "succeeded").containsEntry("items", 3L);
    }

    /** Queues a full sync of the connection and runs due jobs until none is left; returns the job. */
    private UUID fullSync() {
        return driver.sync(tenant, connection, Provider.GITHUB, SyncType.FULL);
    }

    /**
     * Seven issues and two pull requests at distinct minutes, comments on two issues, a review of each pull
     * request, four commits; everything before T0 + 30 min, and the fake's clock left an hour later.
     */
    private static GitHubRepository seed(GitHubRepository repo) {
        GITHUB.setNow(T0.minus(Duration.ofHours(2)));
        for (int i = 1; i <= 7; i++) {
            repo.openIssue("Issue " + i);
            GITHUB.advance(Duration.ofMinutes(1));
        }
        repo.openPullRequest("Pull request 8");
        GITHUB.advance(Duration.ofMinutes(1));
        repo.openPullRequest("Pull request 9");
        GITHUB.advance(Duration.ofMinutes(1));
        repo.comment(2, "A comment");
        GITHUB.advance(Duration.ofMinutes(1));
        repo.comment(3, "Another comment");
        repo.review(8, "APPROVED");
        GITHUB.advance(Duration.ofMinutes(1));
        repo.review(9, "CHANGES_REQUESTED");
        repo.merge(8);
        for (int i = 1; i <= 4; i++) {
            GITHUB.advance(Duration.ofMinutes(1));
            repo.commit("Commit " + i);
        }
        GITHUB.setNow(T0);
        return repo;
    }

    /** The delivery ids the poller gives every object of {@code repo} as it is now. */
    private static List<String> deliveries(GitHubRepository repo) {
        List<String> ids = new ArrayList<>();
        repo.allIssues().forEach(i -> ids.add("issue:" + i.path("id").asLong() + "@" + i.path("updated_at")
                .asString()));
        repo.allComments().forEach(c -> ids.add("issue_comment:" + c.path("id").asLong() + "@" + c.path("updated_at")
                .asString()));
        repo.allReviews().forEach(r -> ids.add("review:" + r.path("id").asLong() + "@" + r.path("submitted_at")
                .asString()));
        repo.allCommits().forEach(c -> ids.add("commit:" + repo.id() + ":" + c.path("sha").asString()));
        return ids;
    }

    private JsonNode payload(RawEvent event) {
        byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        return json.readTree(bytes);
    }

    private void engine(CredentialRefresher refresher, int maxPagesPerRun) {
        GitHubPollExecutor executor = new GitHubPollExecutor(new GitHubPollingProperties(GITHUB.baseUrl(), PAGE,
                Duration.ofSeconds(5)), driver.storedTokens(), json, driver.clock());
        driver.engine(executor, refresher, maxPagesPerRun);
    }
}
