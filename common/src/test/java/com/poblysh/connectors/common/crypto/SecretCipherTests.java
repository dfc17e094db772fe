package com.poblysh.connectors.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
}
