package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 straight from javax.crypto, the one primitive every provider's scheme is built on. */
final class Hmac {

    private Hmac() {
    }

    /** HMAC-SHA256 under the UTF-8 bytes of {@code secret} of the parts, one after the other. */
    static byte[] sha256(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same, as lower-case hex. */
    static String sha256Hex(String secret, byte[]... parts) {
        return HexFormat.of().formatHex(sha256(secret, parts));
    }
}
