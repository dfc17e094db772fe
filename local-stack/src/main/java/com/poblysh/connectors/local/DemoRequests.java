package com.poblysh.connectors.local;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.ProviderFixture;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sample GitHub webhook of the local run, the provider test kit's {@code github/issues-opened-minimal} (an issue
 * of the demo GitHub connection's repository), and the copy-paste curl commands that exercise it.
 */
public final class DemoRequests {

    private static final ProviderFixture ISSUE_OPENED = GitHubWebhooks.fixture("issues-opened-minimal");

    private DemoRequests() {
    }

    /** The kit's small {@code issues.opened} payload with created_at now, so the signal sorts first. */
    public static String issueOpenedPayload(Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return ISSUE_OPENED.withBody(body -> {
            ((ObjectNode) body.get("issue")).put("created_at", at).put("updated_at", at);
            return body;
        }).bodyText();
    }

    static String banner(LocalStack stack) {
        LocalStackSettings s = stack.settings();
        String body = issueOpenedPayload(Instant.now());
        String delivery = UUID.randomUUID().toString();
        String tenant = s.demoTenant().toString();
        String signature = GitHubWebhooks.signature(s.githubSecret(), body.getBytes(StandardCharsets.UTF_8));
        return """

                ============================================================================
                 Poblysh Connectors is running (Ctrl-C stops everything)
                   query-api         %s   (OpenAPI: %s/v3/api-docs, health: %s/healthz)
                   ingest-service    %s
                   signal-processor  %s   (actuator)
                   Kafka (KRaft)     %s
                   schema registry   %s
                   PostgreSQL        %s%s
                 Demo provider APIs (fakes, polled instead of the real hosts):
                   GitHub %s   Jira %s   Microsoft Graph %s
                 Operator token: %s   Demo tenant: %s
                 Demo GitHub connection: %s (covers repository octocat/Hello-World)
                 Operator console  %s/admin/provider-connections   (sign in as %s / %s)

                 1) Post a GitHub webhook (issues.opened) signed with the demo connection's secret:

                curl -i -X POST '%s/webhooks/github/%s' \\
                  -H 'Content-Type: application/json' \\
                  -H 'X-GitHub-Event: %s' \\
                  -H 'X-GitHub-Delivery: %s' \\
                  -H 'X-Hub-Signature-256: %s' \\
                  --data-binary '%s'

                 2) Read the resulting signal (its connection_id is the demo connection):

                curl -s '%s/signals?provider=github' \\
                  -H 'Authorization: Bearer %s' \\
                  -H 'X-Tenant-Id: %s'
                %s============================================================================
                """.formatted(
                stack.queryUrl(), stack.queryUrl(), stack.queryUrl(),
                stack.ingestUrl(), stack.processorUrl(), stack.kafkaBootstrapServers(), stack.registryUrl(),
                stack.database().url(), stack.database().embedded() ? " (embedded, temporary)" : "",
                fake(stack.github() == null ? null : stack.github().baseUrl()),
                fake(stack.jira() == null ? null : stack.jira().baseUrl()),
                fake(stack.graph() == null ? null : stack.graph().baseUrl()),
                s.operatorToken(), tenant, stack.demoConnection(s.demoTenant(), Provider.GITHUB),
                stack.queryUrl(), stack.operator().username(), stack.operator().password(),
                stack.ingestUrl(), tenant, ISSUE_OPENED.eventType(), delivery, signature, body,
                stack.queryUrl(), s.operatorToken(), tenant, connect(stack));
    }

    /**
     * Connecting a GitHub account through OAuth, when the local run's fake GitHub plays github.com: it approves
     * at once as {@value LocalStack#CONNECT_ACCOUNT} and redirects to the callback, which creates the connection and
     * queues its first sync; the job and then the polled issue show with the commands of steps 4 and 2.
     */
    private static String connect(LocalStack stack) {
        if (stack.github() == null) {
            return "";
        }
        String query = stack.queryUrl();
        String token = stack.settings().operatorToken();
        String tenant = stack.settings().demoTenant().toString();
        return """

                 3) Connect a GitHub account through OAuth (the demo GitHub approves at once as user %s and
                    sends you back to the callback, which creates the connection and starts its first sync):

                authorize=$(curl -s -X POST '%s/connect/github' \\
                  -H 'Authorization: Bearer %s' \\
                  -H 'X-Tenant-Id: %s' | sed -E 's/.*"authorize_url":"([^"]+)".*/\\1/')
                callback=$(curl -s -o /dev/null -w '%%{redirect_url}' "$authorize")
                curl -s "$callback"

                 4) Watch the connection's sync jobs; once one has succeeded, step 2 also shows the issue it
                    polled ("%s"):

                curl -s '%s/jobs?provider=github' \\
                  -H 'Authorization: Bearer %s' \\
                  -H 'X-Tenant-Id: %s'
                """.formatted(LocalStack.CONNECT_ACCOUNT, query, token, tenant, LocalStack.CONNECT_ISSUE, query,
                token, tenant);
    }

    /** Where a fake listens, or that the services were pointed at another API. */
    private static String fake(String baseUrl) {
        return baseUrl == null ? "(configured elsewhere)" : baseUrl;
    }
}
