package com.poblysh.connectors.common.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.poblysh.connectors.common.crypto.CryptoProperties;
import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.crypto.SecretReencryption;
import com.poblysh.connectors.common.crypto.UnknownKeyException;
import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.FakeTokenEndpoints.Issue;
import com.poblysh.connectors.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Rotating {@code POBLYSH_CRYPTO_KEY} on the real schema, as docs/runbooks/rotate-crypto-key.md does it: instances
 * configured as each step of the runbook configures them (the old key alone; the new key added and made primary;
 * the old key removed) read and renew tokens through the services' own {@link JdbcAccessTokens} and
 * {@link TokenRefresher}, and the re-encryption job runs between them. Its own database, because re-encryption
 * visits every row.
 */
class KeyRotationIntegrationTests {

    static final String OLD = key(11);
    static final String NEW = key(22);
    static final CryptoProperties.Reencrypt JOB = CryptoProperties.ofKey(OLD).reencrypt();

    static DatabaseBootstrap.Target database;
    static String name;

    FakeTokenEndpoints fake;
    TenantId tenant;

    @BeforeAll
    static void ownDatabase() {
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        name = "poblysh_test_keyrot_" + HexFormat.of().formatHex(suffix);
        DatabaseBootstrap.Target shared = TestDatabase.get();
        database = DatabaseBootstrap.resolve(shared.url().replaceFirst("/[A-Za-z0-9_]+(\\?.*)?$", "/" + name),
                shared.user(), shared.password());
        TokenInstance.migrate(database);
    }

    @AfterAll
    static void dropDatabase() {
        DatabaseBootstrap.drop(database, name);
    }

    @BeforeEach
    void setUp() {
        fake = new FakeTokenEndpoints();
        tenant = TenantId.of(UUID.randomUUID());
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void oldSecretsDecryptAfterRotationNewWritesUseTheNewKeyAndAfterReencryptionTheOldKeyCanBeRemoved()
            throws Exception {
        // Before: POBLYSH_CRYPTO_KEY alone, as every deployment started.
        UUID renewed;
        UUID kept;
        UUID legacy;
        byte[] stateHash = new byte[32];
        ThreadLocalRandom.current().nextBytes(stateHash);
        try (TokenInstance before = instance(new CryptoProperties(OLD, List.of(), null, JOB))) {
            renewed = before.connection(tenant, Provider.JIRA, "jira_a1", "jira_r1", minutesFromNow(-1));
            kept = before.connection(tenant, Provider.GITHUB, "gho_kept", "ghr_kept", minutesFromNow(600));
            before.jdbc.sql("UPDATE connections SET webhook_secret_ciphertext = ? WHERE id = ?")
                    .params(before.cipher.encrypt("whsec_kept", SecretBinding.webhookSecret(kept)), kept).update();
            before.jdbc.sql("""
                            INSERT INTO oauth_states (state_hash, tenant_id, provider, code_verifier_ciphertext,
                                                      expires_at)
                            VALUES (?, ?, 'github', ?, now() + interval '10 minutes')""")
                    .params(stateHash, tenant.value(), before.cipher.encrypt("verifier-kept",
                            SecretBinding.codeVerifier(stateHash)))
                    .update();
            // a connection stored by a version before key ids ([0x01][nonce][ciphertext]), under the same key
            legacy = before.connection(tenant, Provider.SLACK, "placeholder", null, null);
            before.jdbc.sql("UPDATE connections SET access_token_ciphertext = ? WHERE id = ?")
                    .params(legacySeal(OLD, "xoxb_legacy", SecretBinding.accessToken(legacy)), legacy).update();
            assertThat(keyIds(before)).containsOnlyKeys("default", "(legacy)");
        }

        // Rotation, step 1 and 2: the new key added and made primary; the old one still configured.
        fake.accept(Provider.JIRA, "jira_r1", Issue.rotating("jira_a2", "jira_r2"));
        CryptoProperties rotated = new CryptoProperties(OLD, List.of("k2:" + NEW), "k2", JOB);
        try (TokenInstance during = instance(rotated)) {
            assertThat(during.tokens.accessToken(tenant, kept, Provider.GITHUB)).contains("gho_kept");
            assertThat(during.tokens.accessToken(tenant, legacy, Provider.SLACK)).contains("xoxb_legacy");
            // an expired token is renewed, and what the renewal writes is sealed with the new key
            assertThat(during.tokens.accessToken(tenant, renewed, Provider.JIRA)).contains("jira_a2");
            assertThat(keyIdsOf(during, renewed)).containsExactly("k2", "k2");
            assertThat(keyIdsOf(during, kept)).containsExactly("default", "default");

            // Step 3: the background job, in batches of 2 rows, moves every secret still under another key.
            SecretReencryption job = new SecretReencryption(during.jdbc, new DataSourceTransactionManager(during.pool),
                    SecretCipher.of(rotated), 2);
            SecretReencryption.Pass pass = job.runOnce();
            assertThat(pass.reencrypted()).isEqualTo(5); // kept: access, refresh, webhook; legacy: access; state
            assertThat(pass.unreadable()).isZero();
            assertThat(job.census()).containsOnlyKeys("k2");
            assertThat(job.runOnce().reencrypted()).isZero();
        }

        // Step 4: POBLYSH_CRYPTO_KEY removed. Everything still decrypts, with the new key alone.
        try (TokenInstance after = instance(new CryptoProperties(null, List.of("k2:" + NEW), null, JOB))) {
            assertThat(after.tokens.accessToken(tenant, kept, Provider.GITHUB)).contains("gho_kept");
            assertThat(after.tokens.accessToken(tenant, legacy, Provider.SLACK)).contains("xoxb_legacy");
            assertThat(after.tokens.accessToken(tenant, renewed, Provider.JIRA)).contains("jira_a2");
            assertThat(after.row(kept)).containsEntry("refresh_token", "ghr_kept");
            assertThat(after.row(renewed)).containsEntry("refresh_token", "jira_r2");
            byte[] webhook = after.jdbc.sql("SELECT webhook_secret_ciphertext FROM connections WHERE id = ?")
                    .param(kept).query(byte[].class).single();
            assertThat(after.cipher.decrypt(webhook, SecretBinding.webhookSecret(kept))).isEqualTo("whsec_kept");
            byte[] verifier = after.jdbc.sql("SELECT code_verifier_ciphertext FROM oauth_states WHERE state_hash = ?")
                    .param(stateHash).query(byte[].class).single();
            assertThat(after.cipher.decrypt(verifier, SecretBinding.codeVerifier(stateHash)))
                    .isEqualTo("verifier-kept");
        }
    }

    @Test
    void aSecretUnderAKeyThatIsNotConfiguredFailsLoudlyAndIsLeftForTheOperator() {
        UUID stranger;
        try (TokenInstance elsewhere = instance(new CryptoProperties(null, List.of("k9:" + key(99)), null, JOB))) {
            stranger = elsewhere.connection(tenant, Provider.GITHUB, "gho_stranger", null, minutesFromNow(600));
        }
        CryptoProperties current = new CryptoProperties(null, List.of("k2:" + NEW), null, JOB);
        try (TokenInstance now = instance(current)) {
            // not "no token": the token exists and this instance lacks its key
            assertThatThrownBy(() -> now.tokens.accessToken(tenant, stranger, Provider.GITHUB))
                    .isInstanceOf(UnknownKeyException.class).hasMessageContaining("'k9'")
                    .hasMessageContaining("POBLYSH_CRYPTO_KEYS");

            SecretReencryption job = new SecretReencryption(now.jdbc, new DataSourceTransactionManager(now.pool),
                    SecretCipher.of(current), 100);
            assertThat(job.runOnce().unreadable()).isGreaterThanOrEqualTo(1);
            assertThat(job.census()).containsKey("k9");
            assertThat(keyIdsOf(now, stranger)).containsExactly("k9", null);
        }
    }

    private TokenInstance instance(CryptoProperties properties) {
        return new TokenInstance(fake, Clock.systemUTC(), SecretCipher.of(properties), database);
    }

    /** What the runbook's check query answers: secrets per key id over the connections' access tokens. */
    private static Map<String, Object> keyIds(TokenInstance instance) {
        return instance.jdbc.sql("""
                        SELECT secret_key_id(access_token_ciphertext) AS key_id, count(*) FROM connections
                        WHERE access_token_ciphertext IS NOT NULL GROUP BY 1""")
                .query((rs, n) -> Map.entry(rs.getString(1), (Object) rs.getLong(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static List<String> keyIdsOf(TokenInstance instance, UUID connection) {
        return instance.jdbc.sql("""
                        SELECT secret_key_id(access_token_ciphertext), secret_key_id(refresh_token_ciphertext)
                        FROM connections WHERE id = ?""")
                .param(connection).query((rs, n) -> Arrays.asList(rs.getString(1), rs.getString(2))).single();
    }

    private static Instant minutesFromNow(int minutes) {
        return Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A secret as this service sealed it before key ids: {@code [0x01][nonce][ciphertext + tag]}. */
    private static byte[] legacySeal(String base64Key, String plaintext, SecretBinding binding) throws Exception {
        byte[] nonce = new byte[12];
        ThreadLocalRandom.current().nextBytes(nonce);
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        gcm.updateAAD(binding.associatedData().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] sealed = gcm.doFinal(plaintext.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
