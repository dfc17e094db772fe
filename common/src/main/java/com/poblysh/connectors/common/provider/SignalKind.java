package com.poblysh.connectors.common.provider;

import java.util.Arrays;
import java.util.Optional;

/**
 * The registry of signal kinds: verb-first snake_case names, the only kinds a normalizer may produce.
 * The wire name is the lower-case constant name, e.g. {@code pr_merged}.
 */
public enum SignalKind {
    ISSUE_CREATED, ISSUE_UPDATED, ISSUE_CLOSED, ISSUE_REOPENED, ISSUE_RESOLVED, ISSUE_COMMENT,
    PR_OPENED, PR_CLOSED, PR_MERGED, PR_REOPENED, PR_UPDATED, PR_REVIEW,
    CODE_PUSHED, RELEASE_PUBLISHED,
    MESSAGE_POSTED, MESSAGE_UPDATED, MESSAGE_DELETED, REACTION_ADDED,
    FILE_CREATED, FILE_UPDATED, FILE_DELETED, FILE_MOVED,
    CALENDAR_EVENT_CREATED, CALENDAR_EVENT_UPDATED, CALENDAR_EVENT_DELETED,
    EMAIL_RECEIVED, EMAIL_SENT, EMAIL_UPDATED, EMAIL_DELETED;

    /** The snake_case name used in JSON, Avro and the database. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The kind with this wire name, if it is in the registry. */
    public static Optional<SignalKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
