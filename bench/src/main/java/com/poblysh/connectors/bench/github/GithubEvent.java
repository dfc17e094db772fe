package com.poblysh.connectors.bench.github;

import java.time.Instant;

import com.poblysh.connectors.testkit.GitHubWebhooks;

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

    /** The {@code X-Hub-Signature-256} value GitHub sends for this body under {@code secret}, as the kit signs. */
    public String signature(String secret) {
        return GitHubWebhooks.signature(secret, body);
    }

    /** The same event under another delivery id (a new dedupe key, same body). */
    public GithubEvent withDelivery(String delivery) {
        return new GithubEvent(eventType, delivery, body, kind, occurredAt, actor, title, url);
    }
}
