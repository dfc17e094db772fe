package com.poblysh.connectors.testkit;

import java.time.Instant;

/**
 * A signal a fixture must become, as its file writes it: {@code {"kind", "occurred_at", "actor", "title", "url",
 * "stable_time"?, "identity"?}}.
 *
 * @param kind       the signal kind's wire name, e.g. {@code issue_created}
 * @param occurredAt when it happened
 * @param actor      who did it, or null
 * @param title      its title, or null
 * @param url        where it can be seen, or null
 * @param stableTime whether {@code occurredAt} is the event's own time (true unless the file says false)
 * @param identity   the provider object and version the signal reports, e.g. {@code issue:444500041:opened@…},
 *                   which its dedupe key is made of whichever path (webhook, poll) brought it; null when the file
 *                   names none (the signal is keyed by its delivery)
 */
public record ExpectedSignal(String kind, Instant occurredAt, String actor, String title, String url,
        boolean stableTime, String identity) {
}
