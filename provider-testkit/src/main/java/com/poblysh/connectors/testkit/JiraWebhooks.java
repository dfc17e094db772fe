package com.poblysh.connectors.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jira Cloud webhooks: admin webhooks carry {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>}, app
 * webhooks an HS256 JWT ({@code Authorization: JWT …} or {@code Bearer …}) signed with the app's client secret.
 */
public final class JiraWebhooks {

    /** The admin webhook secret the services under test are configured with. */
    public static final String WEBHOOK_SECRET = "test-jira-webhook-secret";
    /** The app client secret the services under test are configured with. */
    public static final String CLIENT_SECRET = "test-jira-client-secret";
    public static final String SIGNATURE_HEADER = "X-Hub-Signature";
    public static final String IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier";
    /** The shared secret of the kit's Connect installation (a connection's stored secret, never configured). */
    public static final String CONNECT_SHARED_SECRET = "test-jira-connect-shared-secret";
    /** The {@code clientKey} of the kit's Connect installation: the {@code iss} of its JWTs. */
    public static final String CONNECT_CLIENT_KEY = "b2c7f9e4-connect-client-key";
    /** The {@code iss} of the JWTs {@link #claims(long, String)} makes. */
    public static final String ISSUER = "0a1b2c3d-app";
    /** The host of the fixtures' site, as their {@code self} links name it. */
    public static final String SITE = "acme.atlassian.net";

    /** Jira's timestamps: milliseconds and a numeric offset, e.g. {@code 2024-04-30T09:00:00.123+0000}. */
    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private JiraWebhooks() {
    }

    /** {@code X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>}. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + Hmac.sha256Hex(secret, body);
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
        return input + "." + b64.encodeToString(Hmac.sha256(secret, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Claims of an app webhook JWT by {@link #ISSUER}, valid for three minutes from {@code nowEpochSeconds};
     * {@code qsh} may be null.
     */
    public static String claims(long nowEpochSeconds, String qsh) {
        return claims(ISSUER, nowEpochSeconds, qsh);
    }

    /** The same claims by {@code issuer} (null: no {@code iss} at all). */
    public static String claims(String issuer, long nowEpochSeconds, String qsh) {
        return "{" + (issuer == null ? "" : "\"iss\":\"" + issuer + "\",") + "\"iat\":" + nowEpochSeconds
                + ",\"exp\":" + (nowEpochSeconds + 180) + (qsh == null ? "" : ",\"qsh\":\"" + qsh + "\"") + "}";
    }

    /** Atlassian's query string hash of {@code POST path} without a query: hex SHA-256 of {@code POST&path&}. */
    public static String queryStringHash(String path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("POST&" + path + "&").getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture {@code fixtures/jira/<name>.json}, e.g. {@code fixture("issue_created")}. */
    public static ProviderFixture fixture(String name) {
        return ProviderFixtures.get(Provider.JIRA, name);
    }

    /** The {@code issue_created} fixture as another issue, created (and updated) at {@code created}. */
    public static byte[] issueCreated(String key, String summary, Instant created) {
        return fixture("issue_created").withBody(body -> {
            body.put("timestamp", created.toEpochMilli());
            ObjectNode issue = (ObjectNode) body.get("issue");
            issue.put("key", key);
            ((ObjectNode) issue.get("fields")).put("summary", summary).put("created", JIRA_TIME.format(created))
                    .put("updated", JIRA_TIME.format(created));
            return body;
        }).bodyBytes();
    }

    /** The {@code comment_created} fixture as a comment by {@code author} on {@code key}, written at {@code created}. */
    public static byte[] commentCreated(String key, String author, Instant created) {
        return fixture("comment_created").withBody(body -> {
            body.put("timestamp", created.toEpochMilli());
            ObjectNode comment = (ObjectNode) body.get("comment");
            ((ObjectNode) comment.get("author")).put("displayName", author);
            comment.put("created", JIRA_TIME.format(created)).put("updated", JIRA_TIME.format(created));
            ((ObjectNode) body.get("issue")).put("key", key);
            return body;
        }).bodyBytes();
    }

    /** {@code fixture} as an admin webhook posts it, signed with {@code webhookSecret}. */
    public static ProviderRequest request(ProviderFixture fixture, String webhookSecret) {
        byte[] body = fixture.bodyBytes();
        return new ProviderRequest(fixture.headers(), body)
                .withHeader(SIGNATURE_HEADER, signature(webhookSecret, body));
    }

    /**
     * {@code fixture} as a Connect app's webhook posts it to {@code path}: {@code Authorization: JWT …} by
     * {@code clientKey}, valid now, with the query string hash of {@code POST path}.
     */
    public static ProviderRequest connectRequest(ProviderFixture fixture, String sharedSecret, String clientKey,
            String path) {
        return new ProviderRequest(fixture.headers(), fixture.bodyBytes()).withHeader("Authorization",
                "JWT " + jwt(sharedSecret, claims(clientKey, Instant.now().getEpochSecond(),
                        queryStringHash(path))));
    }
}
