package com.poblysh.connectors.common.crypto;

import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.value.WrappedValue;

/**
 * The associated data that binds a {@link SecretCipher} ciphertext to the row and column it is stored in, so a value
 * copied to another row or column does not decrypt. Written {@code <table>:<row>:<column>}:
 *
 * <pre>
 * connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:access_token
 * connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:refresh_token
 * connections:6f1c5a0e-7d2b-4c4e-9a51-2f0b8e6d3c11:webhook_secret
 * oauth_states:&lt;lower-case hex of the state hash&gt;:code_verifier
 * connection_webhooks:0b7e2f4a-3c1d-4e5f-8a9b-1c2d3e4f5a6b:secret
 * </pre>
 *
 * Every stored ciphertext was sealed with one of these strings: changing a format makes the existing rows unreadable.
 */
public final class SecretBinding extends WrappedValue<String> {

    private SecretBinding(String table, String row, String column) {
        super(table + ":" + row + ":" + column);
    }

    /** {@code connections.access_token_ciphertext} of the connection. */
    public static SecretBinding accessToken(UUID connectionId) {
        return connection(connectionId, "access_token");
    }

    /** {@code connections.refresh_token_ciphertext} of the connection. */
    public static SecretBinding refreshToken(UUID connectionId) {
        return connection(connectionId, "refresh_token");
    }

    /** {@code connections.webhook_secret_ciphertext} of the connection. */
    public static SecretBinding webhookSecret(UUID connectionId) {
        return connection(connectionId, "webhook_secret");
    }

    /** {@code connection_webhooks.secret_ciphertext} of the hook row {@code hookId}: one provisioned hook's secret. */
    public static SecretBinding hookSecret(UUID hookId) {
        Objects.requireNonNull(hookId, "hookId");
        return new SecretBinding("connection_webhooks", hookId.toString(), "secret");
    }

    /** {@code oauth_states.code_verifier_ciphertext} of the state with this hash (the row's key). */
    public static SecretBinding codeVerifier(byte[] stateHash) {
        Objects.requireNonNull(stateHash, "stateHash");
        return new SecretBinding("oauth_states", HexFormat.of().formatHex(stateHash), "code_verifier");
    }

    private static SecretBinding connection(UUID connectionId, String column) {
        Objects.requireNonNull(connectionId, "connectionId");
        return new SecretBinding("connections", connectionId.toString(), column);
    }

    /** The associated data itself, e.g. {@code connections:<id>:access_token}. */
    public String associatedData() {
        return wrapped();
    }
}
