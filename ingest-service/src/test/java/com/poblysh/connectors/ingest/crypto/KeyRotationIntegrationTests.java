package com.poblysh.connectors.ingest.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.IngestIntegrationTest;
import com.poblysh.connectors.ingest.LiveIngestTests;
import com.poblysh.connectors.ingest.TestConnections;
import com.poblysh.connectors.testkit.SlackWebhooks;
import com.poblysh.connectors.testkit.TestBindings;
import org.junit.jupiter.api.Test;

/**
 * The running service after an upgrade to key ids: a webhook secret stored before them still verifies deliveries, and
 * the service's own background job moves it to the primary key, after which it still verifies.
 */
@IngestIntegrationTest
class KeyRotationIntegrationTests extends LiveIngestTests {

    /** The test profile's key ({@code poblysh-common.yml}), the one the stored secret was sealed with. */
    private static final String TEST_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQta2V5LW5vdC1zZWNyZXQ=";

    @Test
    void aSecretStoredBeforeKeyIdsVerifiesAndIsMovedToThePrimaryKeyInTheBackground() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID connection = new TestConnections(jdbc, cipher).active(tenant, Provider.SLACK, null,
                TestBindings.of(Provider.SLACK));
        jdbc.sql("UPDATE connections SET webhook_secret_ciphertext = ? WHERE id = ?")
                .params(legacySeal("legacy-signing-secret", SecretBinding.webhookSecret(connection)), connection)
                .update();

        assertThat(slack(tenant, "legacy-signing-secret").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(keyId(connection))
                .isEqualTo(cipher.primaryKeyId()));
        byte[] moved = jdbc.sql("SELECT webhook_secret_ciphertext FROM connections WHERE id = ?").param(connection)
                .query(byte[].class).single();
        assertThat(cipher.decrypt(moved, SecretBinding.webhookSecret(connection))).isEqualTo("legacy-signing-secret");
        assertThat(slack(tenant, "legacy-signing-secret").statusCode()).isEqualTo(202);
    }

    private String keyId(UUID connection) {
        return jdbc.sql("SELECT secret_key_id(webhook_secret_ciphertext) FROM connections WHERE id = ?")
                .param(connection).query(String.class).single();
    }

    private HttpResponse<String> slack(UUID tenant, String secret) throws Exception {
        byte[] body = SlackWebhooks.message("Ev" + Long.toHexString(System.nanoTime()), "after the upgrade");
        String now = SlackWebhooks.now();
        return post("slack", tenant, body, Map.of("X-Slack-Request-Timestamp", now,
                "X-Slack-Signature", SlackWebhooks.signature(secret, now, body)));
    }

    /** A secret as the service sealed it before key ids: {@code [0x01][nonce][ciphertext + tag]}. */
    private static byte[] legacySeal(String plaintext, SecretBinding binding) throws Exception {
        byte[] nonce = new byte[12];
        ThreadLocalRandom.current().nextBytes(nonce);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(TEST_KEY), "AES"),
                new GCMParameterSpec(128, nonce));
        gcm.updateAAD(binding.associatedData().getBytes(StandardCharsets.UTF_8));
        byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
