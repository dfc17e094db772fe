package com.poblysh.connectors.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (tokens, webhook secrets). Ciphertext layout:
 * {@code [version 0x01][12-byte random nonce][ciphertext + 16-byte tag]}. The associated data binds a
 * ciphertext to its row and column ({@link SecretBinding}, e.g. {@code "connections:<id>:access_token"}), so a value
 * copied to another row does not decrypt.
 */
public final class SecretCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("POBLYSH_CRYPTO_KEY must be 32 bytes (base64 of 32 random bytes), got "
                    + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Builds a cipher from the base64 text of a 32-byte key, as {@code POBLYSH_CRYPTO_KEY} holds it. */
    public static SecretCipher fromBase64Key(String base64) {
        try {
            return new SecretCipher(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("POBLYSH_CRYPTO_KEY is not valid base64 of 32 bytes", e);
        }
    }

    /** Seals {@code plaintext} for the row and column {@code binding} names. */
    public byte[] encrypt(String plaintext, SecretBinding binding) {
        return encrypt(plaintext, binding.associatedData());
    }

    /**
     * Decrypts a value sealed for {@code binding}; fails with {@link IllegalArgumentException} when the data was
     * altered or sealed for another row or column.
     */
    public String decrypt(byte[] ciphertext, SecretBinding binding) {
        return decrypt(ciphertext, binding.associatedData());
    }

    /** Seals with raw associated data; services use {@link #encrypt(String, SecretBinding)}. */
    public byte[] encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts with raw associated data (services use {@link #decrypt(byte[], SecretBinding)}); fails with
     * {@link IllegalArgumentException} when the data was altered or bound to another row.
     */
    public String decrypt(byte[] ciphertext, String associatedData) {
        if (ciphertext == null || ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8 || ciphertext[0] != VERSION) {
            throw new IllegalArgumentException("Not a secret sealed by this service");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(ciphertext, 1 + NONCE_BYTES, ciphertext.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Secret does not decrypt with the configured key", e);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, key redacted]";
    }
}
