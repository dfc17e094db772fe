package com.poblysh.connectors.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test fixtures for GitHub deliveries: bodies from {@code fixtures/github/} and their signatures. */
public final class GithubWebhooks {

    /** The webhook secret every ingest test context is configured with. */
    public static final String SECRET = "test-github-webhook-secret";

    private GithubWebhooks() {
    }

    /** A fixture body, byte for byte, e.g. {@code fixture("pull_request.opened")}. */
    public static byte[] fixture(String name) {
        return resource("/fixtures/github/" + name + ".json");
    }

    /** A test resource, byte for byte. */
    static byte[] resource(String path) {
        try (InputStream in = GithubWebhooks.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code X-Hub-Signature-256} value GitHub would send for {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh delivery GUID, as GitHub puts in {@code X-GitHub-Delivery}. */
    public static String deliveryId() {
        return UUID.randomUUID().toString();
    }

    /** A JSON object of exactly {@code size} bytes (at least 16). */
    public static byte[] jsonOfSize(int size) {
        String prefix = "{\"padding\":\"";
        String suffix = "\"}";
        return (prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.UTF_8);
    }
}
