package com.poblysh.connectors.ingest.provisioning.github;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.SyncType;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** A provisioner of the test context's beans against a fake GitHub, and GitHub connections to provision. */
final class GitHubHooks {

    private final JdbcClient jdbc;
    private final SecretCipher cipher;
    final GitHubWebhookProvisioner provisioner;

    GitHubHooks(FakeGitHubApi github, int ingestPort, AccessTokens tokens, WebhookConnections connections,
            JdbcClient jdbc, SecretCipher cipher, JsonMapper json) {
        this(github, ingestPort, tokens, connections, jdbc, cipher, json, 50);
    }

    /** {@code maxRedeliveries}: what one sweep asks for at most. */
    GitHubHooks(FakeGitHubApi github, int ingestPort, AccessTokens tokens, WebhookConnections connections,
            JdbcClient jdbc, SecretCipher cipher, JsonMapper json, int maxRedeliveries) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        GitHubProvisioningProperties properties = new GitHubProvisioningProperties("http://127.0.0.1:" + ingestPort,
                github.baseUrl(), List.of("issues", "issue_comment", "pull_request", "push"), Duration.ofHours(6),
                Duration.ofMinutes(5), maxRedeliveries, 10, Duration.ofSeconds(5));
        this.provisioner = new GitHubWebhookProvisioner(properties, tokens, connections, jdbc, cipher, json,
                Clock.systemUTC());
    }

    /** An active GitHub connection of {@code tenant} whose token is {@code token}, without secret or bindings. */
    UUID connection(UUID tenant, String token) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext)
                        VALUES (?, ?, 'github', ?, 'active', ?)""")
                .params(id, tenant, "account-" + id, cipher.encrypt(token, SecretBinding.accessToken(id)))
                .update();
        return id;
    }

    static PollContext context(UUID tenant, UUID connection, SyncType type) {
        return new PollContext(UUID.randomUUID(), TenantId.of(tenant), Provider.GITHUB, connection, type, null, 1);
    }
}
