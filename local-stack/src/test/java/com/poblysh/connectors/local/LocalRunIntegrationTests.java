package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;

/** The curl commands the local run prints are the README's demo: they must work exactly as printed. */
class LocalRunIntegrationTests {

    private static final Pattern CURLS = Pattern.compile("(curl -i -X POST .*?--data-binary '[^']*')\\s.*?(curl -s .*?X-Tenant-Id: [0-9a-f-]+')",
            Pattern.DOTALL);

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

    private static String bash(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
