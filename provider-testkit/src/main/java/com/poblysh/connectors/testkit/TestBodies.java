package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;

/** Bodies that are about their size, not their provider. */
public final class TestBodies {

    private TestBodies() {
    }

    /** A JSON object of exactly {@code size} bytes (at least 16). */
    public static byte[] jsonOfSize(int size) {
        return padded("{\"padding\":\"", size);
    }

    /**
     * A JSON object of exactly {@code size} bytes naming GitHub repository {@code repositoryId}, so that a GitHub
     * connection bound to that repository takes it.
     */
    public static byte[] jsonOfSize(int size, String repositoryId) {
        return padded("{\"repository\":{\"id\":" + repositoryId + "},\"padding\":\"", size);
    }

    private static byte[] padded(String prefix, int size) {
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
    }
}
