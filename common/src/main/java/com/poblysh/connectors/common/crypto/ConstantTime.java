package com.poblysh.connectors.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Constant-time comparison of secrets, so timing never tells how much of a guess was right. */
public final class ConstantTime {

    private ConstantTime() {
    }

    /** Compares two byte arrays in time independent of where they differ. Null never equals anything. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a, b);
    }

    /** Compares two strings as UTF-8 bytes in constant time. */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
