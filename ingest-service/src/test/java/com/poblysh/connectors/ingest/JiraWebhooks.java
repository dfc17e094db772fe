package com.poblysh.connectors.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Test fixtures for Jira Cloud webhooks: bodies from {@code fixtures/jira/}, HMAC signatures and app JWTs. */
public final class JiraWebhooks {

    /** The admin webhook secret every ingest test context is configured with. */
    public static final String WEBHOOK_SECRET = "test-jira-webhook-secret";
    /** The app client secret every ingest test context is configured with. */
    public static final String CLIENT_SECRET = "test-jira-client-secret";

    private JiraWebhooks() {
    }

    /** A fixture body, byte for byte, e.g. {@code fixture("issue_created")}. */
    public static byte[] fixture(String name) {
        return GithubWebhooks.resource("/fixtures/jira/" + name + ".json");
    }

    /** {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>}. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    /** An HS256 JWT with these claims (a JSON object), signed with {@code secret}. */
    public static String jwt(String secret, String claimsJson) {
        return jwt(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claimsJson);
    }

    /** A JWT with this header and these claims, signed HS256 with {@code secret} whatever the header says. */
    public static String jwt(String secret, String headerJson, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        return input + "." + b64.encodeToString(hmac(secret, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Claims of an app webhook JWT valid for three minutes from {@code nowEpochSeconds}. */
    public static String claims(long nowEpochSeconds, String qsh) {
        return "{\"iss\":\"0a1b2c3d-app\",\"iat\":" + nowEpochSeconds + ",\"exp\":" + (nowEpochSeconds + 180)
                + (qsh == null ? "" : ",\"qsh\":\"" + qsh + "\"") + "}";
    }

    private static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
