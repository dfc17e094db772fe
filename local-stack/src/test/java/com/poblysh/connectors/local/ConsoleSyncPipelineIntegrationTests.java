package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operator console on the whole stack: the local run's demo operator presses "Sync now" on a GitHub connection
 * of the demo tenant, the sync engine in ingest-service runs the job it queued, and the run page shows the job's
 * status, timings and count while the list shows the sync and the same next sync as {@code GET /connections}.
 */
class ConsoleSyncPipelineIntegrationTests extends OnRunningStack {

    private static final String PAGE = "/admin/provider-connections";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @Test
    void syncNowRunsTheJobAndTheRunPageShowsItsStatusAndTimings() {
        UUID tenant = stack.settings().demoTenant();
        GitHubAccount account = github.account("console-sync-" + UUID.randomUUID().toString().substring(0, 8));
        GitHubRepository repo = account.repository("console-repo");
        repo.openIssue("Backfilled before Sync now");
        String connection = client.connectGithub(tenant, account.authorizationCode()).path("id").asString();
        // connecting starts the backfill (and the hooks' provision job); wait for it so "Sync now" queues an
        // incremental job of its own
        await().atMost(Duration.ofSeconds(60)).until(() -> client.jobs(tenant, "connection_id=" + connection
                        + "&job_type=full"),
                jobs -> jobs.size() == 1 && "succeeded".equals(jobs.get(0).path("status").asString()));
        repo.openIssue("Seen by Sync now");

        ConsoleSession console = ConsoleSession.signIn(stack.queryUrl(), stack.operator().username(),
                stack.operator().password());
        String list = console.page(PAGE + "?tenant_id=" + tenant + "&provider=github");
        assertThat(row(list, connection)).as("the backfill shows as the last sync").doesNotContain(">never<");
        HttpResponse<String> pressed = console.submit(list, PAGE + "/" + connection + "/sync");

        assertThat(pressed.statusCode()).isEqualTo(302);
        String runPath = URI.create(pressed.headers().firstValue("Location").orElseThrow()).getPath();
        assertThat(runPath).startsWith("/admin/runs/");
        String run = await().atMost(Duration.ofSeconds(60)).until(() -> console.page(runPath),
                page -> page.contains("id=\"job-status\" class=\"status status-succeeded\""));
        assertThat(run).contains("connection_sync").contains("(<span>incremental</span>)")
                .contains("id=\"run-status\" class=\"status status-succeeded\"")
                .contains("<dt>Attempts</dt><dd>1</dd>")
                .containsPattern("<dt>Items published</dt><dd>[1-9][0-9]*</dd>").contains("id=\"engine-runs\"")
                .doesNotContain("not started").doesNotContain("not finished")
                .containsPattern("<dt>Duration</dt><dd>\\d+ m?s</dd>");
        assertThat(client.signals(tenant, "connection_id=" + connection))
                .anySatisfy(s -> assertThat(s.path("title").asString()).isEqualTo("Seen by Sync now"));

        // next sync: one source (NextSync) for the console and GET /connections
        String nextSync = connectionJson(tenant, connection).path("next_sync_at").asString();
        assertThat(nextSync).isNotEmpty();
        assertThat(row(console.page(PAGE + "?tenant_id=" + tenant + "&provider=github"), connection))
                .contains("<td class=\"next-sync\"><span>" + MINUTE.format(Instant.parse(nextSync)) + "</span>");
    }

    /** The list's row of connection {@code id}. */
    private static String row(String list, String id) {
        Matcher row = Pattern.compile("<tr data-connection-id=\"" + id + "\">.*?</tr>", Pattern.DOTALL).matcher(list);
        assertThat(row.find()).as("a row of %s in %s", id, list).isTrue();
        return row.group();
    }

    private static JsonNode connectionJson(UUID tenant, String id) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(stack.queryUrl() + "/connections/" + id))
                .header("Authorization", "Bearer " + stack.settings().operatorToken())
                .header("X-Tenant-Id", tenant.toString()).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = PipelineClient.JSON.readTree(response.body());
        return body.has("connection") ? body.get("connection") : body;
    }
}
