package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.ProviderFixture;
import com.poblysh.connectors.testkit.ProviderRequest;
import com.poblysh.connectors.testkit.TestBindings;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub polling on the whole stack: a tenant connects a GitHub account through OAuth (against the fake GitHub),
 * the scheduler backfills the connection at once, the poll's raw events become signals, and a change that reached
 * the stack both by webhook (once the connection's hook is provisioned) and by poll is one signal, whichever came
 * first.
 */
class GitHubPollingPipelineIntegrationTests extends OnRunningStack {

    @Test
    void aConnectedAccountIsBackfilledAndAChangeSeenByWebhookAndByPollIsOneSignal() {
        UUID tenant = UUID.randomUUID();
        ProviderFixture opened = GitHubWebhooks.fixture("issues-opened");
        ProviderFixture push = GitHubWebhooks.fixture("push");
        // GitHub's side of the fixtures: their repository, its issue and the two pushed commits, as the API answers
        GitHubAccount account = github.account("Codertocat");
        GitHubRepository repo = account.repository("Hello-World", push.body().at("/repository/id").asLong());
        repo.putIssue((ObjectNode) opened.body().path("issue"));
        push.body().path("commits").forEach(commit -> repo.putCommit(apiCommit(commit)));
        repo.openIssue("Seen only by polling");

        JsonNode connection = client.connectGithub(tenant, account.authorizationCode());
        String connectionId = connection.path("id").asString();
        assertThat(connection.path("provider").asString()).isEqualTo("github");
        // what provisioning writes once it created the repository's hook: its secret and what its deliveries name
        stack.seededConnections().provisioned(tenant, UUID.fromString(connectionId), Provider.GITHUB,
                stack.settings().githubSecret(), TestBindings.of(Provider.GITHUB));
        // the webhooks race the backfill the connect started: whichever comes first, each change is one signal
        assertThat(post(tenant, opened).statusCode()).isEqualTo(202);
        assertThat(post(tenant, push).statusCode()).isEqualTo(202);

        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(
                () -> client.jobs(tenant, "connection_id=" + connectionId + "&job_type=full"),
                jobs -> jobs.size() == 1 && "succeeded".equals(jobs.get(0).path("status").asString())).get(0);
        assertThat(job.path("job_type").asString()).isEqualTo("full");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        // two issues and two commits; no comments, no reviews
        assertThat(job.path("items").asLong()).isEqualTo(4);
        assertThat(job.path("finished_at").isString()).isTrue();
        // the same change once more by webhook, under a new delivery id, after the poll
        assertThat(post(tenant, opened).statusCode()).isEqualTo(202);
        awaitEverythingBeforeAMarker(tenant);

        List<JsonNode> signals = client.signals(tenant);
        assertThat(signals).filteredOn(s -> s.path("title").asString().equals("Spelling error in the README file"))
                .singleElement().satisfies(s -> assertThat(s.path("kind").asString()).isEqualTo("issue_created"));
        assertThat(signals).filteredOn(s -> s.path("kind").asString().equals("code_pushed"))
                .extracting(s -> s.path("url").asString()).containsExactlyInAnyOrder(
                        "https://github.com/Codertocat/Hello-World/commit/a10867b14bb761a232cd80139fbd4c0d33264240",
                        "https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(signals).filteredOn(s -> s.path("title").asString().equals("Seen only by polling"))
                .singleElement().satisfies(s -> {
                    assertThat(s.path("kind").asString()).isEqualTo("issue_created");
                    assertThat(s.path("connection_id").asString()).isEqualTo(connectionId);
                });
        // the three changes above, the poll's own issue and the marker
        assertThat(signals).hasSize(5);
        assertThat(account.requests()).anyMatch(r -> r.startsWith("GET /user/repos"))
                .anyMatch(r -> r.startsWith("GET /repos/Codertocat/Hello-World/issues?state=all"));
    }

    /**
     * Posts one more event for the tenant and waits for its signal: the tenant's events share a partition, so by then
     * every earlier one (webhook or poll) has been processed.
     */
    private static void awaitEverythingBeforeAMarker(UUID tenant) {
        int before = client.signals(tenant).size();
        HttpResponse<String> marker = client.postSignedIssue(tenant, UUID.randomUUID().toString(),
                Instant.parse("2031-01-01T00:00:00Z"));
        assertThat(marker.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant).size() > before);
    }

    private static HttpResponse<String> post(UUID tenant, ProviderFixture fixture) {
        ProviderRequest request = GitHubWebhooks.request(fixture, stack.settings().githubSecret())
                .withHeader(GitHubWebhooks.DELIVERY_HEADER, GitHubWebhooks.deliveryId());
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.remove("Content-Type");
        return client.postWebhook("github", tenant, null, request.contentType(), request.body(), headers);
    }

    /** A commit of a push webhook as {@code GET /repos/{owner}/{repo}/commits} answers it. */
    private static ObjectNode apiCommit(JsonNode pushed) {
        String date = OffsetDateTime.parse(pushed.path("timestamp").asString()).toInstant().toString();
        ObjectNode commit = PipelineClient.JSON.createObjectNode();
        commit.put("sha", pushed.path("id").asString());
        ObjectNode body = commit.putObject("commit");
        body.putObject("author").put("name", pushed.at("/author/name").asString())
                .put("email", pushed.at("/author/email").asString()).put("date", date);
        body.putObject("committer").put("name", pushed.at("/committer/name").asString())
                .put("email", pushed.at("/committer/email").asString()).put("date", date);
        body.put("message", pushed.path("message").asString());
        commit.put("html_url", pushed.path("url").asString());
        commit.putObject("author").put("login", pushed.at("/author/username").asString());
        return commit;
    }
}
