package com.poblysh.connectors.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.poblysh.connectors.stack.InJvmStack;
import com.poblysh.connectors.stack.InJvmStack.Service;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A one-off measurement of GitHub polling against {@link FakeGitHubApi}, outside the main bench: the whole pipeline
 * in this JVM (throw-away database), one tenant connecting one GitHub account through OAuth, whose {@code repos}
 * repositories each hold {@code issues} issues (a fifth pull requests with one review each), as many comments and as
 * many commits. Prints how fast the backfill published (items/s, from the connect to the job's success), how fast
 * its signals were stored, and the requests an incremental pass with nothing new costs. Run:
 * <pre>
 * ./mvnw -B -q -DskipTests package -pl bench -am
 * java -Dloader.main=com.poblysh.connectors.bench.GitHubPollingRun -cp bench/target/bench.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher [repos] [issues per repository]
 * </pre>
 */
public final class GitHubPollingRun {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "polling-run-operator-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GitHubPollingRun() {
    }

    public static void main(String[] args) throws Exception {
        int repos = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int issues = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path log = Files.createTempFile("poblysh-polling-run", ".log");
        System.setProperty("bench.log.file", log.toString());
        int code = 0;
        try (FakeGitHubApi github = FakeGitHubApi.start()) {
            run(github, repos, issues);
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.out.println("Service logs: " + log);
        System.exit(code);
    }

    private static void run(FakeGitHubApi github, int repos, int issues) throws Exception {
        GitHubAccount account = github.account("bench");
        long items = seed(github, account, repos, issues);
        String database = "poblysh_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Progress.say(String.format(Locale.ROOT, "fake GitHub holds %,d items in %d repositories; starting the stack",
                items, repos));
        try (InJvmStack stack = InJvmStack.builder("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "")
                .dropDatabaseOnClose(database)
                .property("poblysh.auth.operator-tokens", TOKEN)
                .property("poblysh.ingest.github.polling.api-base-url", github.baseUrl())
                .property("poblysh.ingest.jobs.poll-interval", "100ms")
                .property("poblysh.oauth.providers.github.client-id", "polling-run")
                .property("poblysh.oauth.providers.github.client-secret", "polling-run-secret")
                .property("poblysh.oauth.providers.github.token-url", github.baseUrl() + "/login/oauth/access_token")
                .property("poblysh.oauth.providers.github.user-url", github.baseUrl() + "/user")
                .start()) {
            String query = stack.url(Service.QUERY);
            UUID tenant = UUID.randomUUID();
            long requestsBefore = github.requestCount();
            long start = System.nanoTime();
            String connection = connect(query, tenant, account.authorizationCode());
            JsonNode job = awaitJob(query, tenant, connection, 1);
            double published = (System.nanoTime() - start) / 1e9;
            long stored = awaitSignals(stack, tenant, items);
            double signals = (System.nanoTime() - start) / 1e9;
            long requests = github.requestCount() - requestsBefore;
            Progress.say(String.format(Locale.ROOT, "backfill: %,d items published in %.1f s = %,.0f items/s "
                            + "(%,d API requests, %,.0f requests/s); %,d signals stored after %.1f s = %,.0f "
                            + "signals/s", job.path("items").asLong(), published, job.path("items").asLong() / published,
                    requests, requests / published, stored, signals, stored / signals));

            account.clearRequests();
            post(query + "/connections/" + connection + "/sync", tenant, "{\"job_type\":\"incremental\"}");
            awaitJob(query, tenant, connection, 2);
            int quiet = account.requests().size();
            Progress.say(String.format(Locale.ROOT, "quiet incremental pass over %d repositories: %d requests; at "
                    + "the default 15-minute interval %d requests an hour", repos, quiet, quiet * 4));
        }
    }

    /** The repositories, with times a second apart so pages end on distinct times as real activity does. */
    private static long seed(FakeGitHubApi github, GitHubAccount account, int repos, int issues) {
        github.setNow(Instant.now().minus(Duration.ofDays(30)));
        long items = 0;
        for (int r = 0; r < repos; r++) {
            GitHubRepository repo = account.repository("repo-" + r);
            for (int i = 1; i <= issues; i++) {
                github.advance(Duration.ofSeconds(1));
                if (i % 5 == 0) {
                    repo.openPullRequest("Pull request " + i);
                    github.advance(Duration.ofSeconds(1));
                    repo.review(i, "APPROVED");
                    items += 2;
                } else {
                    repo.openIssue("Issue " + i);
                    items++;
                }
            }
            for (int i = 1; i <= issues; i++) {
                github.advance(Duration.ofSeconds(1));
                repo.comment(i, "Comment " + i);
                github.advance(Duration.ofSeconds(1));
                repo.commit("Commit " + i);
                items += 2;
            }
        }
        github.setNow(Instant.now());
        return items;
    }

    private static String connect(String query, UUID tenant, String code) throws Exception {
        JsonNode started = post(query + "/connect/github", tenant, null);
        URI authorize = URI.create(started.path("authorize_url").asString());
        String state = authorize.getRawQuery().replaceFirst(".*(?:^|&)state=([^&]*).*", "$1");
        HttpResponse<String> callback = HTTP.send(HttpRequest.newBuilder(URI.create(query
                + "/connect/github/callback?code=" + code + "&state=" + state)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (callback.statusCode() != 200) {
            throw new IllegalStateException("connect failed: " + callback.body());
        }
        return JSON.readTree(callback.body()).path("connection").path("id").asString();
    }

    /** Waits until the connection has {@code count} succeeded jobs; returns the latest. */
    private static JsonNode awaitJob(String query, UUID tenant, String connection, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(query
                            + "/jobs?status=succeeded&connection_id=" + connection))
                    .header("Authorization", "Bearer " + TOKEN).header("X-Tenant-Id", tenant.toString()).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode jobs = JSON.readTree(response.body()).path("jobs");
            if (jobs.size() >= count) {
                return jobs.get(0);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the sync did not finish in 30 minutes");
    }

    private static long awaitSignals(InJvmStack stack, UUID tenant, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        var db = stack.database();
        try (Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signals WHERE tenant_id = ?")) {
            ps.setObject(1, tenant);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= expected) {
                        return rs.getLong(1);
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("fewer than " + expected + " signals after 30 minutes");
    }

    private static JsonNode post(String url, UUID tenant, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TOKEN).header("X-Tenant-Id", tenant.toString())
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
