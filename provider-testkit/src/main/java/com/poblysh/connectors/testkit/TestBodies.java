package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;

/** Bodies that are about their size, not their provider. */
public final class TestBodies {

    private TestBodies() {
    }

    /** A JSON object of exactly {@code size} bytes (at least 16). */
    public static byte[] jsonOfSize(int size) {
        String prefix = "{\"padding\":\"";
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
    }
}
