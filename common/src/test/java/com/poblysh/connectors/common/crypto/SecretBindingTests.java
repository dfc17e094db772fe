package com.poblysh.connectors.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The associated data of each encrypted column, exactly as the stored ciphertexts were sealed with it. */
class SecretBindingTests {

    private static final UUID CONNECTION = UUID.fromString("6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11");

    private final SecretCipher cipher = SecretCipher.fromBase64Key(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void connectionColumnsAreBoundToTheirRowAndColumn() {
        assertThat(SecretBinding.accessToken(CONNECTION).associatedData())
                .isEqualTo("connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:access_token");
        assertThat(SecretBinding.refreshToken(CONNECTION).associatedData())
                .isEqualTo("connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:refresh_token");
        assertThat(SecretBinding.webhookSecret(CONNECTION).associatedData())
                .isEqualTo("connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:webhook_secret");
    }

    @Test
    void aCodeVerifierIsBoundToTheHexOfItsStateHash() {
        assertThat(SecretBinding.codeVerifier(new byte[] {0x0a, (byte) 0xff, 0x10}).associatedData())
                .isEqualTo("oauth_states:0aff10:code_verifier");
    }

    @Test
    void aValueSealedForOneBindingOpensWithItsTextAndWithNoOtherBinding() {
        byte[] sealed = cipher.encrypt("gho_token", SecretBinding.accessToken(CONNECTION));

        assertThat(cipher.decrypt(sealed, "connections:" + CONNECTION + ":access_token")).isEqualTo("gho_token");
        assertThat(cipher.decrypt(sealed, SecretBinding.accessToken(CONNECTION))).isEqualTo("gho_token");
        assertThatThrownBy(() -> cipher.decrypt(sealed, SecretBinding.refreshToken(CONNECTION)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.decrypt(sealed, SecretBinding.accessToken(UUID.randomUUID())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindingsAreValues() {
        assertThat(SecretBinding.webhookSecret(CONNECTION)).isEqualTo(SecretBinding.webhookSecret(CONNECTION))
                .hasSameHashCodeAs(SecretBinding.webhookSecret(CONNECTION))
                .isNotEqualTo(SecretBinding.accessToken(CONNECTION))
                .hasToString("connections:" + CONNECTION + ":webhook_secret");
    }
}
