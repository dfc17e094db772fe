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
 * @param identity   the change the signal reports, as the processor's GitHub normalizer names it (e.g.
 *                   {@code review:2000000042}), or null when the payload names none and the delivery keys it
 */
public record GithubEvent(String eventType, String deliveryId, byte[] body, String kind, Instant occurredAt,
        String actor, String title, String url, String identity) {

    /** The signal's dedupe key: {@code github:<identity>}, else {@code github:<delivery id>}. */
    public String dedupeKey() {
        return "github:" + (identity != null ? identity : deliveryId);
    }

    /** The {@code X-Hub-Signature-256} value GitHub sends for this body under {@code secret}, as the kit signs. */
    public String signature(String secret) {
        return GitHubWebhooks.signature(secret, body);
    }

    /** The same event under another delivery id (a new event id; the same change, so the same signal). */
    public GithubEvent withDelivery(String delivery) {
        return new GithubEvent(eventType, delivery, body, kind, occurredAt, actor, title, url, identity);
    }
}
