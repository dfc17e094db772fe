package com.poblysh.connectors.common.crypto;

import java.util.Set;

/**
 * A ciphertext names a key this service is not configured with: a key was removed before everything sealed with it
 * was re-encrypted (or an instance runs with an older key ring). Not an {@link IllegalArgumentException}, so code
 * that treats a tampered value as absent does not swallow it: the secret exists, the configuration is wrong.
 */
public final class UnknownKeyException extends IllegalStateException {

    private final String keyId;

    UnknownKeyException(String keyId, Set<String> configured) {
        super("Secret is sealed with encryption key '" + keyId + "', which is not configured (configured: "
                + configured + "); put it back in POBLYSH_CRYPTO_KEYS until re-encryption has moved every secret off it");
        this.keyId = keyId;
    }

    /** The key the ciphertext names. */
    public String keyId() {
        return keyId;
    }
}
