package com.poblysh.connectors.ingest.polling.microsoftgraph;

import java.util.Arrays;
import java.util.Optional;

/**
 * The collections a Graph connection is polled for, in the order a sync reads them, each with its delta query, the
 * raw event type of its items and the object kind in their identities (the kind a notification's resource names).
 */
enum MicrosoftGraphResource {
    MESSAGES("messages", "api.message", "message"),
    EVENTS("events", "api.event", "event"),
    DRIVE("drive", "api.drive_item", "driveItem");

    private final String key;
    private final String eventType;
    private final String kind;

    MicrosoftGraphResource(String key, String eventType, String kind) {
        this.key = key;
        this.eventType = eventType;
        this.kind = kind;
    }

    /** Its name in the cursor. */
    String key() {
        return key;
    }

    /** The raw event type of its items, e.g. {@code api.message}. */
    String eventType() {
        return eventType;
    }

    /** The object kind in its identities, e.g. {@code message}. */
    String kind() {
        return kind;
    }

    /** The resource a sync reads after this one; empty after the last. */
    Optional<MicrosoftGraphResource> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    static Optional<MicrosoftGraphResource> fromKey(String key) {
        return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
    }
}
