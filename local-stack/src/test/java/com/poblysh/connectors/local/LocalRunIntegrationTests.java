package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The curl commands the local run prints are the README's demo: they must work exactly as printed. */
class LocalRunIntegrationTests {

    private static final Pattern CURLS = Pattern.compile("(curl -i -X POST .*?--data-binary '[^']*')\\s.*?(curl -s .*?X-Tenant-Id: [0-9a-f-]+')",
            Pattern.DOTALL);
    private static final Pattern CONNECT = Pattern.compile("(authorize=\\$\\(curl .*?curl -s \"\\$callback\")\\s.*?"
            + "(curl -s '[^']*/jobs\\?provider=github'.*?X-Tenant-Id: [0-9a-f-]+')", Pattern.DOTALL);

    @Test
    void printedCurlCommandsPostASignedWebhookAndShowTheResultingSignalOfTheDemoConnection() throws Exception {
        LocalStack stack = RunningStack.get();
        String banner = DemoRequests.banner(stack);
        Matcher curls = CURLS.matcher(banner);
        assertThat(curls.find()).as("banner has both curl commands:%n%s", banner).isTrue();

        String posted = bash(curls.group(1));

        assertThat(posted).startsWith("HTTP/1.1 202").contains("\"status\":\"accepted\"");
        String demoConnection = stack.demoConnection(stack.settings().demoTenant(), Provider.GITHUB).toString();
        await().atMost(Duration.ofSeconds(30)).until(() -> bash(curls.group(2)).contains("\"title\":\"Found a bug\""));
        assertThat(bash(curls.group(2))).contains("\"connection_id\":\"" + demoConnection + "\"");
        assertThat(banner).contains("Demo GitHub connection: " + demoConnection);
        assertThat(banner).contains(stack.queryUrl()).contains(stack.ingestUrl()).contains(stack.kafkaBootstrapServers());
        // the polled providers' demo APIs, which the demo connections are synced against
        assertThat(banner).contains("Demo provider APIs").contains(stack.github().baseUrl())
                .contains(stack.jira().baseUrl()).contains(stack.graph().baseUrl());
    }

    @Test
    void theBannersDemoOperatorSignsInToTheConsole() throws Exception {
        LocalStack stack = RunningStack.get();
        String banner = DemoRequests.banner(stack);
        Matcher console = Pattern.compile("Operator console\\s+(\\S+)\\s+\\(sign in as (\\S+) / (\\S+)\\)")
                .matcher(banner);
        assertThat(console.find()).as("banner names the console and its account:%n%s", banner).isTrue();
        assertThat(console.group(2) + " / " + console.group(3)).as("the README's defaults")
                .isEqualTo("demo / local-dev-operator-password");
        String page = console.group(1);
        assertThat(page).isEqualTo(stack.queryUrl() + "/admin/provider-connections");

        ConsoleSession session = ConsoleSession.signIn(stack.queryUrl(), console.group(2), console.group(3));

        assertThat(session.page("/admin/provider-connections")).contains("Provider connections")
                .contains(stack.settings().demoTenant().toString());
    }

    @Test
    void printedConnectCommandsConnectTheDemoGitHubUserAndItsSyncPollsTheirIssueIntoASignal() throws Exception {
        LocalStack stack = RunningStack.get();
        String banner = DemoRequests.banner(stack);
        Matcher connect = CONNECT.matcher(banner);
        Matcher curls = CURLS.matcher(banner);
        assertThat(connect.find()).as("banner has the connect commands:%n%s", banner).isTrue();
        assertThat(curls.find()).isTrue();

        String answer = bash(connect.group(1));

        JsonNode connection = PipelineClient.JSON.readTree(answer).path("connection");
        assertThat(connection.path("provider").asString()).as("%s%nanswered: %s", connect.group(1), answer)
                .isEqualTo("github");
        assertThat(connection.path("display_name").asString()).isEqualTo(LocalStack.CONNECT_ACCOUNT);
        String id = connection.path("id").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> jobsOf(bash(connect.group(2)), id),
                jobs -> jobs.stream().anyMatch(job -> job.path("status").asString().equals("succeeded")));
        JsonNode polled = await().atMost(Duration.ofSeconds(30)).until(() -> signalTitled(bash(curls.group(2)),
                LocalStack.CONNECT_ISSUE), signal -> signal != null);
        assertThat(polled.path("connection_id").asString()).isEqualTo(id);
        assertThat(polled.path("kind").asString()).isEqualTo("issue_created");
    }

    private static List<JsonNode> jobsOf(String jobs, String connection) {
        List<JsonNode> found = new ArrayList<>();
        PipelineClient.JSON.readTree(jobs).path("jobs").forEach(job -> {
            if (job.path("connection_id").asString().equals(connection)) {
                found.add(job);
            }
        });
        return found;
    }

    private static JsonNode signalTitled(String signals, String title) {
        for (JsonNode signal : PipelineClient.JSON.readTree(signals).path("signals")) {
            if (signal.path("title").asString().equals(title)) {
                return signal;
            }
        }
        return null;
    }

    private static String bash(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
