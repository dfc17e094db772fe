package com.poblysh.connectors.common.crypto;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Encryption at rest, and the rotation of its key ({@code docs/runbooks/rotate-crypto-key.md}).
 *
 * @param key          base64 of 32 random bytes ({@code POBLYSH_CRYPTO_KEY}), the key with id
 *                     {@value SecretCipher#DEFAULT_KEY_ID}; generate with {@code openssl rand -base64 32}
 * @param keys         more keys, each {@code <id>:<base64 of 32 bytes>} ({@code POBLYSH_CRYPTO_KEYS},
 *                     comma-separated); ids match {@link SecretCipher#KEY_ID} and are unique
 * @param primaryKeyId the key new secrets are sealed with ({@code POBLYSH_CRYPTO_PRIMARY_KEY_ID}); default
 *                     {@value SecretCipher#DEFAULT_KEY_ID} when {@code key} is set, else the first of {@code keys}
 * @param reencrypt    the background job that moves secrets sealed with other keys to the primary one
 */
@Validated
@ConfigurationProperties("poblysh.crypto")
public record CryptoProperties(
        String key,
        @DefaultValue List<String> keys,
        String primaryKeyId,
        @Valid @NotNull @DefaultValue Reencrypt reencrypt) {

    /**
     * Re-encryption ({@code poblysh.crypto.reencrypt.*}, run by ingest-service).
     *
     * @param enabled   whether this instance runs it ({@code POBLYSH_CRYPTO_REENCRYPT_ENABLED}, default true)
     * @param interval  pause between two passes ({@code POBLYSH_CRYPTO_REENCRYPT_INTERVAL}, default 1m)
     * @param batchSize rows one transaction re-encrypts at most ({@code POBLYSH_CRYPTO_REENCRYPT_BATCH_SIZE},
     *                  default 100), so no lock is held long
     */
    public record Reencrypt(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("1m") Duration interval,
            @Min(1) @Max(10_000) @DefaultValue("100") int batchSize) {
    }

    /** Convenience for code and tests: one key, as {@code POBLYSH_CRYPTO_KEY} alone configures it. */
    public static CryptoProperties ofKey(String base64) {
        return new CryptoProperties(base64, List.of(), null, new Reencrypt(true, Duration.ofMinutes(1), 100));
    }

    /** Every configured key by id, {@code key} first; fails naming a malformed entry or a repeated id. */
    public Map<String, String> keyRing() {
        Map<String, String> ring = new LinkedHashMap<>();
        if (key != null && !key.isBlank()) {
            ring.put(SecretCipher.DEFAULT_KEY_ID, key);
        }
        for (String entry : keys == null ? List.<String>of() : keys) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("POBLYSH_CRYPTO_KEYS entries are <id>:<base64 key>; one has no id");
            }
            String id = entry.substring(0, colon).trim();
            if (ring.put(id, entry.substring(colon + 1).trim()) != null) {
                throw new IllegalArgumentException("Encryption key id '" + id + "' is configured twice"
                        + (SecretCipher.DEFAULT_KEY_ID.equals(id) ? " (it is POBLYSH_CRYPTO_KEY's id)" : ""));
            }
        }
        return ring;
    }

    /** The primary key's id, with its default applied. */
    public String effectivePrimaryKeyId() {
        if (primaryKeyId != null && !primaryKeyId.isBlank()) {
            return primaryKeyId.trim();
        }
        return keyRing().keySet().stream().findFirst().orElse(SecretCipher.DEFAULT_KEY_ID);
    }

    /** Whether any key is configured. */
    public boolean hasKey() {
        return !keyRing().isEmpty();
    }

    @Override
    public String toString() {
        return "CryptoProperties[keys " + (hasKey() ? keyRing().keySet() + " redacted" : "missing") + ", primary "
                + effectivePrimaryKeyId() + ", " + reencrypt + "]";
    }
}
