package com.poblysh.connectors.bench.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One generated GitHub delivery and the signal it must become (contract §8 mapping).
 *
 * @param eventType  the {@code X-GitHub-Event} header
 * @param deliveryId the {@code X-GitHub-Delivery} header (the dedupe key's source)
 * @param body       the raw JSON body
 * @param kind       the signal kind's wire name
 * @param occurredAt the signal's occurred_at
 * @param actor      sender login
 * @param title      signal title
 * @param url        signal url
 */
public record GithubEvent(String eventType, String deliveryId, byte[] body, String kind, Instant occurredAt,
        String actor, String title, String url) {

    /** {@code sha256=<hex HMAC-SHA256(secret, body)>}, the {@code X-Hub-Signature-256} value. */
    public String signature(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same event under another delivery id (a new dedupe key, same body). */
    public GithubEvent withDelivery(String delivery) {
        return new GithubEvent(eventType, delivery, body, kind, occurredAt, actor, title, url);
    }
}
