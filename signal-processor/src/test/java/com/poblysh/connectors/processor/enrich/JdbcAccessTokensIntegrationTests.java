package com.poblysh.connectors.processor.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.processor.ProcessorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Access tokens are read per tenant, decrypted, and withheld when they cannot be used. */
@ProcessorIntegrationTest
class JdbcAccessTokensIntegrationTests {

    @Autowired
    AccessTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    @Test
    void returnsTheDecryptedTokenOfTheTenantsActiveConnection() {
        UUID tenant = UUID.randomUUID();
        UUID connection = insert(tenant, "active", "'1 hour'", "token-a");

        assertThat(tokens.accessToken(TenantId.of(tenant), connection, Provider.MICROSOFT_GRAPH)).contains("token-a");
    }

    @Test
    void withholdsTheTokenFromAnotherTenantOrProvider() {
        UUID tenant = UUID.randomUUID();
        UUID connection = insert(tenant, "active", "'1 hour'", "token-b");

        assertThat(tokens.accessToken(TenantId.of(UUID.randomUUID()), connection, Provider.MICROSOFT_GRAPH)).isEmpty();
        assertThat(tokens.accessToken(TenantId.of(tenant), connection, Provider.SLACK)).isEmpty();
    }

    @Test
    void withholdsAnExpiredOrAlmostExpiredTokenAndOneOfARevokedConnection() {
        UUID tenant = UUID.randomUUID();

        assertThat(tokens.accessToken(TenantId.of(tenant), insert(tenant, "active", "'-5 minutes'", "old"),
                Provider.MICROSOFT_GRAPH)).isEmpty();
        assertThat(tokens.accessToken(TenantId.of(tenant), insert(tenant, "active", "'30 seconds'", "racing"),
                Provider.MICROSOFT_GRAPH)).isEmpty();
        assertThat(tokens.accessToken(TenantId.of(tenant), insert(tenant, "revoked", "'1 hour'", "revoked"),
                Provider.MICROSOFT_GRAPH)).isEmpty();
    }

    @Test
    void withholdsATokenSealedForAnotherRow() {
        UUID tenant = UUID.randomUUID();
        UUID connection = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO connections (id, tenant_id, provider, external_id, access_token_ciphertext)
                        VALUES (?, ?, 'microsoft_graph', ?, ?)""")
                .params(connection, tenant, "user-" + connection,
                        cipher.encrypt("copied", "connections:" + UUID.randomUUID() + ":access_token"))
                .update();

        assertThat(tokens.accessToken(TenantId.of(tenant), connection, Provider.MICROSOFT_GRAPH)).isEmpty();
    }

    private UUID insert(UUID tenant, String status, String expiresIn, String token) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO connections (id, tenant_id, provider, external_id, status, access_token_ciphertext, "
                        + "expires_at) VALUES (?, ?, 'microsoft_graph', ?, ?, ?, now() + interval " + expiresIn + ")")
                .params(id, tenant, "user-" + id, status, cipher.encrypt(token, "connections:" + id + ":access_token"))
                .update();
        return id;
    }
}
