package com.poblysh.connectors.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretCipherTests {

    SecretCipher cipher = SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void decryptsWhatItEncryptedForTheSameRow() {
        byte[] sealed = cipher.encrypt("gho_secret-token", "connections:1:access_token");

        assertThat(cipher.decrypt(sealed, "connections:1:access_token")).isEqualTo("gho_secret-token");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("gho_secret-token");
    }

    @Test
    void refusesCiphertextMovedToAnotherRowOrAltered() {
        byte[] sealed = cipher.encrypt("token", "connections:1:access_token");

        assertThatThrownBy(() -> cipher.decrypt(sealed, "connections:2:access_token"))
                .isInstanceOf(IllegalArgumentException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "connections:1:access_token"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usesAFreshNonceForEveryEncryption() {
        assertThat(cipher.encrypt("same", "ad")).isNotEqualTo(cipher.encrypt("same", "ad"));
    }

    @Test
    void refusesKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThat(cipher.toString()).doesNotContain("AAAA");
    }

    @Test
    void namesThePrimaryKeyInEveryNewCiphertextAndDecryptsWithAnyConfiguredKey() {
        String old = key(1);
        String fresh = key(2);
        SecretCipher before = SecretCipher.of(Map.of("default", old), "default");
        SecretCipher rotated = SecretCipher.of(ordered("default", old, "k2", fresh), "k2");
        byte[] sealedBefore = before.encrypt("gho_old", "connections:1:access_token");

        byte[] sealedAfter = rotated.encrypt("gho_new", "connections:1:access_token");

        assertThat(SecretCipher.keyIdOf(sealedBefore)).contains("default");
        assertThat(SecretCipher.keyIdOf(sealedAfter)).contains("k2");
        assertThat(rotated.isSealedWithPrimary(sealedAfter)).isTrue();
        assertThat(rotated.isSealedWithPrimary(sealedBefore)).isFalse();
        assertThat(rotated.decrypt(sealedBefore, "connections:1:access_token")).isEqualTo("gho_old");
        assertThat(rotated.decrypt(sealedAfter, "connections:1:access_token")).isEqualTo("gho_new");
    }

    @Test
    void aCiphertextUnderAKeyThatIsNotConfiguredFailsNamingTheKeyNotAsATamperedValue() {
        byte[] sealed = SecretCipher.of(Map.of("k2", key(2)), "k2").encrypt("gho_x", "ad");
        SecretCipher without = SecretCipher.of(Map.of("k3", key(3)), "k3");

        assertThatThrownBy(() -> without.decrypt(sealed, "ad"))
                .isInstanceOf(UnknownKeyException.class).isNotInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k2'").hasMessageContaining("[k3]");
    }

    @Test
    void aSecretSealedBeforeKeyIdsDecryptsWithWhicheverConfiguredKeyOpensIt() throws Exception {
        byte[] legacy = legacySeal(new byte[32], "ghs_legacy", "connections:1:webhook_secret");
        SecretCipher ring = SecretCipher.of(ordered("k9", key(9), "default", key(0)), "k9");

        assertThat(SecretCipher.keyIdOf(legacy)).isEmpty();
        assertThat(ring.decrypt(legacy, "connections:1:webhook_secret")).isEqualTo("ghs_legacy");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k9", key(9)), "k9")
                .decrypt(legacy, "connections:1:webhook_secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("any configured key");
    }

    @Test
    void refusesAPrimaryKeyThatIsNotConfiguredAndMalformedKeyIds() {
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k2", key(2)), "k3"))
                .hasMessageContaining("'k3' is not configured");
        assertThatThrownBy(() -> SecretCipher.of(Map.of("k 2", key(2)), "k 2")).hasMessageContaining("must match");
        assertThatThrownBy(() -> new CryptoProperties(key(0), List.of("default:" + key(1)), null,
                CryptoProperties.ofKey(key(0)).reencrypt()).keyRing()).hasMessageContaining("configured twice");
    }

    @Test
    void thePrimaryKeyDefaultsToPoblyshCryptoKeyThenToTheFirstOfTheList() {
        CryptoProperties.Reencrypt job = CryptoProperties.ofKey(key(0)).reencrypt();

        assertThat(new CryptoProperties(key(0), List.of("k2:" + key(2)), null, job).effectivePrimaryKeyId())
                .isEqualTo("default");
        assertThat(new CryptoProperties(null, List.of("k2:" + key(2), "k3:" + key(3)), null, job)
                .effectivePrimaryKeyId()).isEqualTo("k2");
        assertThat(new CryptoProperties(key(0), List.of("k2:" + key(2)), "k2", job).effectivePrimaryKeyId())
                .isEqualTo("k2");
        assertThat(SecretCipher.of(new CryptoProperties(key(0), List.of("k2:" + key(2)), "k2", job)).toString())
                .contains("[default, k2]").doesNotContain(key(0)).doesNotContain(key(2));
    }

    static String key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Map<String, String> ordered(String id1, String key1, String id2, String key2) {
        Map<String, String> ring = new LinkedHashMap<>();
        ring.put(id1, key1);
        ring.put(id2, key2);
        return ring;
    }

    /** A secret as this service sealed it before key ids: {@code [0x01][nonce][ciphertext + tag]}. */
    static byte[] legacySeal(byte[] key, String plaintext, String associatedData) throws Exception {
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        gcm.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
