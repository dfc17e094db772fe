package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.ProviderFixture;
import com.poblysh.connectors.testkit.TestBindings;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docs/integrating-core.md's examples are what the whole stack (real Kafka and PostgreSQL, the fake GitHub) answers:
 * this test runs each flow of the guide as Core would, renders every request and its response with ids, times,
 * cursors and secrets normalized, and compares them with the guide's {@code <!-- example:NAME -->} blocks. A change
 * of a response (a renamed field, another status) fails it; {@code POBLYSH_WRITE_GUIDE=true} rewrites the blocks.
 */
class IntegratingCoreGuideIntegrationTests {

    private static final Path GUIDE = Path.of("..").toAbsolutePath().normalize().resolve("docs/integrating-core.md");
    private static final Pattern BLOCK = Pattern.compile(
            "(<!-- example:([a-z0-9-]+) -->\\n)(.*?)(<!-- /example -->)", Pattern.DOTALL);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    /** Times the stack makes up (now, next sync) are shown as this one; times Core or a provider sent stay. */
    private static final String NOW = "2026-03-02T10:15:30Z";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> examples = new LinkedHashMap<>();
    private final Map<String, String> uuids = new LinkedHashMap<>();
    private final Map<String, String> substitutions = new LinkedHashMap<>();
    private final Set<String> sentTimes = new HashSet<>();
    private LocalStack stack;

    @Test
    void theGuidesExamplesAreWhatTheStackAnswers() throws Exception {
        stack = RunningStack.get();
        String token = stack.settings().operatorToken();
        substitutions.put(token, "<operator token>");
        // the callback URL in authorize_url names query-api's public base URL, on a free port here
        String port = stack.queryUrl().substring(stack.queryUrl().lastIndexOf(':') + 1).replace("/", "");
        substitutions.put("127.0.0.1%3A" + port + "%2F", "127.0.0.1%3A8080%2F");
        // the fake GitHub plays github.com (its OAuth pages and API)
        substitutions.put(RunningStack.github().baseUrl(), "https://github.com");
        UUID tenant = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        GitHubAccount account = RunningStack.github().account("octo-guide");
        substitutions.put("\"" + account.id() + "\"", "\"583231\"");
        substitutions.put(" " + account.id() + ",", " 583231,");
        Map<String, String> core = Map.of("Authorization", "Bearer " + token, "X-Tenant-Id", tenant.toString());

        // 1. The catalogue, public
        call("list-providers", "GET", stack.queryUrl(), "/providers", Map.of(), null);

        // 2. Connect: start, the provider's redirect, the connection
        JsonNode started = call("connect-start", "POST", stack.queryUrl(), "/connect/github", core, null);
        URI authorize = URI.create(started.path("authorize_url").asString());
        String state = query(authorize, "state");
        substitutions.put(state, "<state>");
        substitutions.put(query(authorize, "code_challenge"), "<code_challenge>");
        String code = account.authorizationCode();
        substitutions.put(code, "<code>");
        JsonNode connected = call("connect-callback", "GET", stack.queryUrl(),
                "/connect/github/callback?code=" + code + "&state=" + state, Map.of(), null).path("connection");
        UUID connection = UUID.fromString(connected.path("id").asString());
        call("error-state-reused", "GET", stack.queryUrl(),
                "/connect/github/callback?code=" + code + "&state=" + state, Map.of(), null);
        // the backfill the connect queued, so the connection's sync times are set when it is listed
        awaitJobs(core, connection, 1);
        call("list-connections", "GET", stack.queryUrl(), "/connections?provider=github", core, null);

        // 3. A webhook's way to a signal: what provisioning stores once the repository's hook exists, then deliveries
        stack.seededConnections().provisioned(tenant, connection, Provider.GITHUB, stack.settings().githubSecret(),
                TestBindings.of(Provider.GITHUB));
        ProviderFixture first = GitHubWebhooks.fixture("issues-opened-minimal");
        ProviderFixture second = issue(first, 1348, "Docs are out of date", "2026-01-15T10:05:00Z");
        webhook("webhook-delivery", tenant, first, true);
        webhook(null, tenant, second, false);
        awaitSignals(core, 2);

        // 4. Signals: newest first, a page at a time, with filters
        JsonNode page = call("signals-first-page", "GET", stack.queryUrl(),
                "/signals?provider=github&kind=issue_created&occurred_after=2026-01-01T00:00:00Z&limit=1", core, null);
        call("signals-next-page", "GET", stack.queryUrl(),
                "/signals?provider=github&kind=issue_created&occurred_after=2026-01-01T00:00:00Z&limit=1&cursor="
                        + page.path("next_cursor").asString(), core, null);
        String signalId = page.path("signals").get(0).path("id").asString();
        call("signal-one", "GET", stack.queryUrl(), "/signals/" + signalId, core, null);

        // 5. What is new since the last read: order=stored, keep next_cursor. A stored read shows a signal once no
        // transaction still in flight can commit before it, so the reads wait for that here.
        await().atMost(Duration.ofSeconds(60)).until(() -> get(core, "/signals?order=stored").path("signals")
                .size() >= 2);
        JsonNode stored = call("signals-stored-first-read", "GET", stack.queryUrl(), "/signals?order=stored", core,
                null);
        ProviderFixture third = issue(first, 1349, "An old issue, stored late", "2025-11-20T08:00:00Z");
        webhook(null, tenant, third, false);
        awaitSignals(core, 3);
        String next = "/signals?order=stored&cursor=" + stored.path("next_cursor").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> get(core, next).path("signals").size() >= 1);
        call("signals-stored-next-read", "GET", stack.queryUrl(),
                "/signals?order=stored&cursor=" + stored.path("next_cursor").asString(), core, null);

        // 6. Sync now, and watching the job
        JsonNode queued = call("sync-now", "POST", stack.queryUrl(), "/connections/" + connection + "/sync", core,
                null);
        String job = queued.path("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> "succeeded".equals(
                get(core, "/jobs/" + job).path("status").asString()));
        call("job-finished", "GET", stack.queryUrl(), "/jobs/" + job, core, null);
        // its syncs only: the connection's webhook provisioning jobs run on the engine's own schedule
        call("list-jobs", "GET", stack.queryUrl(), "/jobs?connection_id=" + connection + "&job_type=incremental",
                core, null);

        // 7. Errors Core meets
        call("error-unauthorized", "GET", stack.queryUrl(), "/connections", Map.of(), null);
        call("error-missing-tenant", "GET", stack.queryUrl(), "/connections", Map.of("Authorization",
                "Bearer " + token), null);
        call("error-not-found", "GET", stack.queryUrl(), "/connections/" + connection, Map.of("Authorization",
                "Bearer " + token, "X-Tenant-Id", otherTenant.toString()), null);
        call("error-bad-cursor", "GET", stack.queryUrl(), "/signals?limit=500&cursor=not-a-cursor", core, null);
        call("error-unknown-provider", "POST", stack.queryUrl(), "/connect/gitlab", core, null);
        webhookWithBadSignature(tenant, first);

        // 8. Revoke
        call("revoke", "DELETE", stack.queryUrl(), "/connections/" + connection, core, null);
        call("after-revoke", "GET", stack.queryUrl(), "/connections/" + connection, core, null);
        call("error-sync-revoked", "POST", stack.queryUrl(), "/connections/" + connection + "/sync", core, null);

        examples.replaceAll((name, text) -> "```http\n" + normalize(text) + "```\n");
        String guide = Files.readString(GUIDE);
        String rendered = render(guide);
        if ("true".equals(System.getenv("POBLYSH_WRITE_GUIDE"))) {
            Files.writeString(GUIDE, rendered);
        }
        assertThat(names(guide)).as("examples in %s", GUIDE).containsExactlyInAnyOrderElementsOf(examples.keySet());
        assertThat(guide).as("the examples of docs/integrating-core.md (POBLYSH_WRITE_GUIDE=true rewrites them)")
                .isEqualTo(rendered);
    }

    private void webhook(String name, UUID tenant, ProviderFixture fixture, boolean show) {
        byte[] body = fixture.bodyBytes();
        sentTimes.addAll(times(fixture.bodyText()));
        String delivery = UUID.randomUUID().toString();
        String signature = GitHubWebhooks.signature(stack.settings().githubSecret(), body);
        substitutions.put(signature, "sha256=<hex HMAC-SHA256 of the body with the hook's secret>");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-GitHub-Event", "issues");
        headers.put("X-GitHub-Delivery", delivery);
        headers.put("X-Hub-Signature-256", signature);
        HttpResponse<String> response = send("POST", stack.ingestUrl(), "/webhooks/github/" + tenant, headers,
                fixture.bodyText());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        if (show) {
            examples.put(name, render("POST", "/webhooks/github/" + tenant, headers, fixture.bodyText(), response));
        }
    }

    private void webhookWithBadSignature(UUID tenant, ProviderFixture fixture) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-GitHub-Event", "issues");
        headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
        headers.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
        HttpResponse<String> response = send("POST", stack.ingestUrl(), "/webhooks/github/" + tenant, headers,
                fixture.bodyText());
        examples.put("error-invalid-signature", render("POST", "/webhooks/github/" + tenant, headers,
                "<the delivery's body>", response));
    }

    private void awaitJobs(Map<String, String> core, UUID connection, int succeeded) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode jobs = get(core, "/jobs?connection_id=" + connection + "&job_type=full").path("jobs");
            int done = 0;
            for (JsonNode job : jobs) {
                done += "succeeded".equals(job.path("status").asString()) ? 1 : 0;
            }
            return done >= succeeded;
        });
    }

    private void awaitSignals(Map<String, String> core, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> get(core, "/signals").path("signals").size() >= count);
    }

    private JsonNode get(Map<String, String> headers, String path) {
        return PipelineClient.JSON.readTree(send("GET", stack.queryUrl(), path, headers, null).body());
    }

    private JsonNode call(String name, String method, String base, String path, Map<String, String> headers,
            String body) {
        Map<String, String> ordered = new LinkedHashMap<>();
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        HttpResponse<String> response = send(method, base, path, ordered, body);
        examples.put(name, render(method, path, ordered, body, response));
        return response.body().isEmpty() ? PipelineClient.JSON.nullNode() : PipelineClient.JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String base, String path, Map<String, String> headers,
            String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String render(String method, String path, Map<String, String> headers, String body,
            HttpResponse<String> response) {
        StringBuilder text = new StringBuilder();
        text.append(method).append(' ').append(path).append('\n');
        headers.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        if (body != null) {
            text.append('\n').append(pretty(body)).append('\n');
        }
        for (String sentTime : times(path + "\n" + (body == null ? "" : body))) {
            sentTimes.add(sentTime);
        }
        text.append("\n").append("HTTP ").append(response.statusCode()).append('\n');
        for (String header : List.of("Content-Type", "Retry-After", "Location")) {
            response.headers().firstValue(header).ifPresent(v -> text.append(header).append(": ").append(v)
                    .append('\n'));
        }
        if (!response.body().isEmpty()) {
            text.append('\n').append(pretty(response.body())).append('\n');
        }
        return text.toString(); // normalized once every example is in (substitutions found later apply too)
    }

    private static String pretty(String json) {
        try {
            return PipelineClient.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(PipelineClient.JSON.readTree(json));
        } catch (RuntimeException notJson) {
            return json;
        }
    }

    private String normalize(String text) {
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            text = text.replace(s.getKey(), s.getValue());
        }
        text = text.replaceAll("\"next_cursor\" : \"[^\"]+\"", "\"next_cursor\" : \"<cursor>\"")
                .replaceAll("cursor=(?!not-a-cursor)[^&\\s\"]+", "cursor=<cursor>")
                .replaceAll("\"trace_id\" : \"[^\"]+\"", "\"trace_id\" : \"<trace_id>\"");
        text = replaceAll(UUID_TEXT, text, uuid -> uuids.computeIfAbsent(uuid,
                u -> String.format("00000000-0000-4000-8000-%012d", uuids.size() + 1)));
        return replaceAll(TIME, text, time -> sentTimes.contains(time) ? time : NOW);
    }

    private static Set<String> times(String text) {
        Set<String> found = new HashSet<>();
        Matcher m = TIME.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.UnaryOperator<String> by) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(by.apply(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String render(String guide) {
        Matcher m = BLOCK.matcher(guide);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String example = examples.getOrDefault(m.group(2), "(no such example: " + m.group(2) + ")\n");
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + example + m.group(4)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> names(String guide) {
        List<String> names = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        while (m.find()) {
            names.add(m.group(2));
        }
        return names;
    }

    private static String query(URI uri, String name) {
        return Arrays.stream(uri.getRawQuery().split("&")).filter(p -> p.startsWith(name + "=")).findFirst()
                .orElseThrow().substring(name.length() + 1);
    }

    /** The Hello-World issue {@code number} of {@code fixture}, with its title and its creation (and update) time. */
    private static ProviderFixture issue(ProviderFixture fixture, int number, String title, String createdAt) {
        return fixture.withBody(body -> {
            ((ObjectNode) body.get("issue")).put("number", number).put("title", title)
                    .put("html_url", "https://github.com/octocat/Hello-World/issues/" + number)
                    .put("created_at", createdAt).put("updated_at", createdAt);
            return body;
        });
    }
}
