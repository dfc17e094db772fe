package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubHook;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GitHub webhook provisioning on the whole stack, against the stack's fake GitHub: connecting an account queues a
 * {@code provision} job that creates a hook on the repository it administers, with a secret of its own and this
 * stack's webhook URL; the hook's delivery becomes a signal of that connection; {@code GET /connections/{id}} shows
 * the hook; revoking the connection deletes the hook, and a later delivery signed with its secret is refused.
 */
class GitHubWebhookProvisioningIntegrationTests extends OnRunningStack {

    @Test
    void aConnectedAccountsHookDeliversSignalsOfTheConnectionUntilItIsRevoked() throws Exception {
        UUID tenant = UUID.randomUUID();
        GitHubAccount account = github.account("hooked-" + tenant.toString().substring(0, 8));
        GitHubRepository repo = account.repository("provisioned");

        String connectionId = client.connectGithub(tenant, account.authorizationCode()).path("id").asString();

        GitHubHook hook = await().atMost(Duration.ofSeconds(60)).until(repo::hooks, hooks -> hooks.size() == 1)
                .get(0);
        assertThat(hook.url()).isEqualTo(stack.ingestUrl() + "/webhooks/github/" + tenant);
        assertThat(hook.secret()).isNotBlank().isNotEqualTo(stack.settings().githubSecret());
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.deliveries().stream()
                .anyMatch(d -> d.event().equals("ping") && d.statusCode() == 202));
        JsonNode shown = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.connectionById(tenant, connectionId).path("webhooks"),
                hooks -> hooks.size() == 1 && hooks.get(0).path("last_renewed_at").isString());
        assertThat(shown.get(0).path("external_id").asString()).isEqualTo(Long.toString(hook.id()));
        assertThat(shown.get(0).path("target").asString()).isEqualTo(repo.fullName());
        assertThat(shown.get(0).path("target_kind").asString()).isEqualTo("repository");
        assertThat(shown.get(0).path("last_error").isNull()).isTrue();
        assertThat(shown.get(0).has("secret")).isFalse();
        assertThat(runs(tenant, "webhook_provision")).contains("succeeded");

        repo.openIssue("Delivered by the connection's own hook");
        GitHubHook.Delivery delivery = repo.deliverIssueOpened(1).get(0);
        assertThat(delivery.statusCode()).isEqualTo(202);
        JsonNode signal = await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant).stream()
                .filter(s -> s.path("title").asString().equals("Delivered by the connection's own hook"))
                .findFirst().orElse(null), s -> s != null);
        assertThat(signal.path("connection_id").asString()).isEqualTo(connectionId);
        assertThat(signal.path("kind").asString()).isEqualTo("issue_created");

        JsonNode revoked = client.revoke(tenant, connectionId);

        assertThat(revoked.path("status").asString()).isEqualTo("revoked");
        assertThat(revoked.path("webhooks").isEmpty()).isTrue();
        assertThat(repo.hooks()).isEmpty();
        assertThat(runs(tenant, "webhook_teardown")).containsExactly("succeeded");
        // the hook's secret no longer verifies anything (within the secret cache's time to live)
        byte[] body = delivery.body();
        await().atMost(Duration.ofSeconds(45)).until(() -> client.postGithubWebhook(tenant, "issues",
                UUID.randomUUID().toString(), new String(body, StandardCharsets.UTF_8),
                GitHubWebhooks.signature(hook.secret(), body)).statusCode() == 401);
    }

    /** The statuses of the tenant's {@code operation_runs} of {@code kind}, oldest first. */
    private static List<String> runs(UUID tenant, String kind) throws Exception {
        DatabaseBootstrap.Target db = stack.database();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement query = connection.prepareStatement(
                     "SELECT status FROM operation_runs WHERE tenant_id = ? AND kind = ? ORDER BY created_at")) {
            query.setObject(1, tenant);
            query.setString(2, kind);
            List<String> statuses = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    statuses.add(rows.getString(1));
                }
            }
            return statuses;
        }
    }
}
