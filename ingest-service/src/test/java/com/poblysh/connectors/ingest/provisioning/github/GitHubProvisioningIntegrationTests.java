package com.poblysh.connectors.ingest.provisioning.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.RawEventsTopic;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.testkit.GitHubWebhooks;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubHook;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import com.poblysh.connectors.schemas.avro.RawEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub webhook provisioning against the fake GitHub, delivering to this service over HTTP: the hooks a connection's
 * token can administer are created with secrets of their own, their deliveries verify and carry the connection, and
 * reconciling keeps, recreates, adopts and deletes them.
 */
@IngestIntegrationTest
class GitHubProvisioningIntegrationTests {

    static FakeGitHubApi github;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    AccessTokens tokens;
    @Autowired
    WebhookConnections connections;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SecretCipher cipher;
    @Autowired
    JsonMapper json;

    GitHubHooks hooks;
    UUID tenant;
    GitHubAccount account;
    GitHubRepository repo;
    UUID connection;

    @BeforeAll
    static void startGitHub() {
        github = FakeGitHubApi.start();
    }

    @AfterAll
    static void stopGitHub() {
        github.close();
    }

    @BeforeEach
    void aConnectedAccountAdministeringARepository() {
        hooks = new GitHubHooks(github, port, tokens, connections, jdbc, cipher, json);
        tenant = UUID.randomUUID();
        account = github.account("octo-" + tenant.toString().substring(0, 8));
        repo = account.repository("hooked");
        connection = hooks.connection(tenant, account.token());
    }

    @Test
    void aConnectionGetsAHookWithItsOwnSecretWhoseDeliveriesCarryTheConnection() throws Exception {
        List<Map<String, Object>> actions = hooks.provisioner.provision(GitHubHooks.context(tenant, connection,
                SyncType.PROVISION));

        GitHubHook hook = repo.hooks().get(0);
        assertThat(actions).singleElement().satisfies(a -> assertThat(a).containsEntry("action", "created")
                .containsEntry("repository", repo.fullName()).containsEntry("hook_id", Long.toString(hook.id())));
        assertThat(hook.url()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/github/" + tenant);
        assertThat(hook.secret()).hasSize(64).isNotEqualTo(GitHubWebhooks.SECRET);
        assertThat(hook.events()).contains("issues", "push");
        // GitHub pings a new hook at once: the ping verifies with the new secret
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.deliveries().stream()
                .anyMatch(d -> d.event().equals("ping") && d.statusCode() == 202));
        assertThat(storedHook()).containsEntry("external_id", Long.toString(hook.id()))
                .containsEntry("api_url", github.baseUrl() + "/repos/" + repo.fullName() + "/hooks/" + hook.id());

        repo.openIssue("Delivered by the provisioned hook");
        GitHubHook.Delivery delivery = repo.deliverIssueOpened(1).get(0);

        assertThat(delivery.statusCode()).isEqualTo(202);
        try (RawEventsTopic topic = new RawEventsTopic(tenant)) {
            List<ConsumerRecord<String, RawEvent>> records = topic.awaitRecords(r -> r.stream()
                    .anyMatch(e -> delivery.guid().equals(e.value().getDeliveryId())));
            assertThat(records).filteredOn(r -> delivery.guid().equals(r.value().getDeliveryId())).singleElement()
                    .satisfies(r -> assertThat(r.value().getConnectionId()).isEqualTo(connection));
        }
        // the same body signed with another secret is refused
        assertThat(post(tenant, delivery.body(), "not-the-hook-secret").statusCode()).isEqualTo(401);
    }

    @Test
    void aHooksDeliveryReplayedToAnotherTenantsPathIsRefused() throws Exception {
        hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION));
        GitHubHook hook = repo.hooks().get(0);
        repo.openIssue("Only tenant A's");
        GitHubHook.Delivery delivery = repo.deliverIssueOpened(1).get(0);
        assertThat(delivery.statusCode()).isEqualTo(202);
        // tenant B has a GitHub connection bound to the same repository, with a secret of its own
        UUID other = UUID.randomUUID();
        UUID theirs = hooks.connection(other, "token-of-" + other);
        jdbc.sql("""
                        INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
                        VALUES (?, ?, 'github', 'repository', ?)""")
                .params(other, theirs, Long.toString(repo.id())).update();

        assertThat(post(other, delivery.body(), hook.secret()).statusCode()).isEqualTo(401);
        assertThat(post(tenant, delivery.body(), hook.secret()).statusCode()).isEqualTo(202);
    }

    @Test
    void reconcilingKeepsRecreatesAndDeletesHooksAsTheAdministeredRepositoriesChange() throws Exception {
        hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION));
        long first = repo.hooks().get(0).id();

        assertThat(hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION)))
                .extracting(a -> a.get("action")).containsExactly("kept");
        assertThat(repo.hooks()).extracting(GitHubHook::id).containsExactly(first);

        // deleted at GitHub by hand: created again; a new repository gets one too
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(github.baseUrl() + "/repos/"
                + repo.fullName() + "/hooks/" + first)).header("Authorization", "Bearer " + account.token())
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        GitHubRepository second = account.repository("also-hooked");
        assertThat(hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION)))
                .extracting(a -> a.get("action")).containsExactlyInAnyOrder("created", "created");
        assertThat(repo.hooks()).singleElement().satisfies(h -> assertThat(h.id()).isNotEqualTo(first));
        assertThat(second.hooks()).hasSize(1);

        // no longer administered: its hook and binding go
        second.withoutAdmin();
        assertThat(hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION)))
                .extracting(a -> a.get("action")).containsExactlyInAnyOrder("kept", "deleted");
        assertThat(second.hooks()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM connection_bindings WHERE connection_id = ? AND value = ?")
                .params(connection, Long.toString(second.id())).query(Long.class).single()).isZero();
    }

    @Test
    void aHookThatAlreadyExistsWithTheServicesUrlIsAdoptedWithANewSecret() throws Exception {
        hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION));
        GitHubHook hook = repo.hooks().get(0);
        String old = hook.secret();
        // the service forgot it (e.g. a connect of the same account again): GitHub answers 422 to a second one
        jdbc.sql("DELETE FROM connection_webhooks WHERE connection_id = ?").params(connection).update();

        assertThat(hooks.provisioner.provision(GitHubHooks.context(tenant, connection, SyncType.PROVISION)))
                .extracting(a -> a.get("action")).containsExactly("adopted");

        assertThat(repo.hooks()).extracting(GitHubHook::id).containsExactly(hook.id());
        assertThat(hook.secret()).isNotEqualTo(old);
        repo.openIssue("After the adoption");
        assertThat(repo.deliverIssueOpened(1)).singleElement()
                .satisfies(d -> assertThat(d.statusCode()).isEqualTo(202));
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndCreatesNothing() {
        account.rotateToken();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hooks.provisioner.provision(
                GitHubHooks.context(tenant, connection, SyncType.PROVISION)))
                .isInstanceOfSatisfying(PollException.class,
                        e -> assertThat(e.kind()).isEqualTo(PollException.Kind.UNAUTHORIZED));
        assertThat(repo.hooks()).isEmpty();
    }

    private Map<String, Object> storedHook() {
        return jdbc.sql("SELECT external_id, api_url, last_renewed_at, last_error FROM connection_webhooks"
                + " WHERE connection_id = ?").params(connection).query().singleRow();
    }

    private HttpResponse<String> post(UUID to, byte[] body, String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github/" + to))
                .header("Content-Type", "application/json")
                .header(GitHubWebhooks.EVENT_HEADER, "issues")
                .header(GitHubWebhooks.DELIVERY_HEADER, UUID.randomUUID().toString())
                .header(GitHubWebhooks.SIGNATURE_HEADER, GitHubWebhooks.signature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
