package com.poblysh.connectors.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (tokens, webhook secrets) under a ring of keys, so {@code POBLYSH_CRYPTO_KEY} can
 * be rotated. Every new ciphertext names the key that sealed it:
 *
 * <pre>
 * [0x02][key id length][key id, ASCII][12-byte random nonce][ciphertext + 16-byte tag]   written by this version
 * [0x01][12-byte random nonce][ciphertext + 16-byte tag]                                 before key ids (read only)
 * </pre>
 *
 * New writes use the primary key; a ciphertext decrypts with whichever configured key its id names, and one without
 * an id (0x01) with whichever configured key opens it. A ciphertext naming a key that is not configured fails with
 * {@link UnknownKeyException}, never as if the secret were absent. The associated data binds a ciphertext to its row
 * and column ({@link SecretBinding}, e.g. {@code "connections:<id>:access_token"}), so a value copied to another row
 * does not decrypt.
 */
public final class SecretCipher {

    /** Id of the key {@code POBLYSH_CRYPTO_KEY} holds. */
    public static final String DEFAULT_KEY_ID = "default";

    /** What a key id may be: what the header, the logs and the {@code secret_key_id} SQL function carry. */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    private static final byte UNVERSIONED = 1;
    private static final byte KEYED = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keys;
    private final String primaryKeyId;
    private final byte[] primaryHeader;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(Map<String, byte[]> keys, String primaryKeyId) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No encryption key configured");
        }
        Map<String, SecretKeySpec> ring = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Encryption key id '" + id + "' must match " + KEY_ID.pattern());
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("Encryption key '" + id + "' must be 32 bytes (base64 of 32 random "
                        + "bytes), got " + key.length);
            }
            ring.put(id, new SecretKeySpec(key, "AES"));
        });
        if (!ring.containsKey(primaryKeyId)) {
            throw new IllegalArgumentException("Primary encryption key '" + primaryKeyId + "' is not configured "
                    + "(configured: " + ring.keySet() + ")");
        }
        this.keys = Collections.unmodifiableMap(ring); // in configured order: legacy secrets try them so
        this.primaryKeyId = primaryKeyId;
        byte[] id = primaryKeyId.getBytes(StandardCharsets.US_ASCII);
        this.primaryHeader = ByteBuffer.allocate(2 + id.length).put(KEYED).put((byte) id.length).put(id).array();
    }

    /** Builds a cipher from the base64 text of one 32-byte key (id {@value #DEFAULT_KEY_ID}). */
    public static SecretCipher fromBase64Key(String base64) {
        return of(Map.of(DEFAULT_KEY_ID, base64), DEFAULT_KEY_ID);
    }

    /** Builds a cipher from base64 keys by id, sealing with {@code primaryKeyId}. */
    public static SecretCipher of(Map<String, String> base64Keys, String primaryKeyId) {
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        base64Keys.forEach((id, base64) -> {
            try {
                decoded.put(id, Base64.getDecoder().decode(base64.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Encryption key '" + id + "' is not valid base64 of 32 bytes", e);
            }
        });
        return new SecretCipher(decoded, primaryKeyId);
    }

    /** Builds the cipher {@code poblysh.crypto} configures. */
    public static SecretCipher of(CryptoProperties properties) {
        return of(properties.keyRing(), properties.effectivePrimaryKeyId());
    }

    /** Id of the key new ciphertexts are sealed with. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /** Ids of every key this cipher decrypts with. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The id of the key a ciphertext names; empty for one sealed before key ids (or not sealed by this service). */
    public static Optional<String> keyIdOf(byte[] ciphertext) {
        if (ciphertext == null || ciphertext.length < 2 || ciphertext[0] != KEYED
                || ciphertext.length < 2 + ciphertext[1]) {
            return Optional.empty();
        }
        return Optional.of(new String(ciphertext, 2, ciphertext[1], StandardCharsets.US_ASCII));
    }

    /** Whether {@code ciphertext} is sealed with the primary key (otherwise re-encryption moves it there). */
    public boolean isSealedWithPrimary(byte[] ciphertext) {
        return ciphertext != null && ciphertext.length > primaryHeader.length
                && Arrays.equals(ciphertext, 0, primaryHeader.length, primaryHeader, 0, primaryHeader.length);
    }

    /** Seals {@code plaintext} for the row and column {@code binding} names. */
    public byte[] encrypt(String plaintext, SecretBinding binding) {
        return encrypt(plaintext, binding.associatedData());
    }

    /**
     * Decrypts a value sealed for {@code binding}; fails with {@link IllegalArgumentException} when the data was
     * altered or sealed for another row or column, with {@link UnknownKeyException} when its key is not configured.
     */
    public String decrypt(byte[] ciphertext, SecretBinding binding) {
        return decrypt(ciphertext, binding.associatedData());
    }

    /** Decrypts a value sealed for {@code binding} and seals it again with the primary key. */
    public byte[] reencrypt(byte[] ciphertext, SecretBinding binding) {
        return encrypt(decrypt(ciphertext, binding), binding);
    }

    /** Seals with raw associated data; services use {@link #encrypt(String, SecretBinding)}. */
    public byte[] encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(primaryKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(primaryHeader.length + NONCE_BYTES + sealed.length)
                    .put(primaryHeader).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts with raw associated data (services use {@link #decrypt(byte[], SecretBinding)}); fails with
     * {@link IllegalArgumentException} when the data was altered or bound to another row, with
     * {@link UnknownKeyException} when it names a key that is not configured.
     */
    public String decrypt(byte[] ciphertext, String associatedData) {
        if (ciphertext != null && ciphertext.length > 0 && ciphertext[0] == KEYED) {
            String id = keyIdOf(ciphertext).orElseThrow(() -> notSealedHere());
            SecretKeySpec key = keys.get(id);
            if (key == null) {
                throw new UnknownKeyException(id, keys.keySet());
            }
            int offset = 2 + id.length();
            if (ciphertext.length < offset + NONCE_BYTES + TAG_BITS / 8) {
                throw notSealedHere();
            }
            try {
                return open(key, ciphertext, offset, associatedData);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("Secret does not decrypt with key '" + id + "' (altered, or "
                        + "sealed for another row)", e);
            }
        }
        if (ciphertext == null || ciphertext.length < 1 + NONCE_BYTES + TAG_BITS / 8
                || ciphertext[0] != UNVERSIONED) {
            throw notSealedHere();
        }
        // Sealed before key ids: the key that opens it is the one that sealed it (GCM's tag tells).
        for (SecretKeySpec key : keys.values()) {
            try {
                return open(key, ciphertext, 1, associatedData);
            } catch (GeneralSecurityException e) {
                // the next key
            }
        }
        throw new IllegalArgumentException("Secret sealed before key ids does not decrypt with any configured key "
                + keys.keySet());
    }

    private static String open(SecretKeySpec key, byte[] ciphertext, int offset, String associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, offset, NONCE_BYTES));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        byte[] plain = cipher.doFinal(ciphertext, offset + NONCE_BYTES, ciphertext.length - offset - NONCE_BYTES);
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException notSealedHere() {
        return new IllegalArgumentException("Not a secret sealed by this service");
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, keys " + keys.keySet() + ", primary " + primaryKeyId + ", redacted]";
    }
}
