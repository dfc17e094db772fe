package com.poblysh.connectors.common.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Encryption at rest.
 *
 * @param key base64 of 32 random bytes ({@code POBLYSH_CRYPTO_KEY}); generate with {@code openssl rand -base64 32}
 */
@Validated
@ConfigurationProperties("poblysh.crypto")
public record CryptoProperties(String key) {

    @Override
    public String toString() {
        return "CryptoProperties[key " + (key == null || key.isBlank() ? "missing" : "redacted") + "]";
    }
}
