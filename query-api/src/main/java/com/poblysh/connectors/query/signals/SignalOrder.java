package com.poblysh.connectors.query.signals;

import java.util.Arrays;
import java.util.Optional;

/**
 * The two ways to read a tenant's signals: newest activity first, or in the order they were stored, which a reader
 * follows with its cursor to see every signal exactly once, late-stored ones (a backlog, a retry, a poll, a redrive)
 * included.
 */
enum SignalOrder {

    /** {@code occurred_at DESC, id DESC}: what happened most recently at the providers. */
    OCCURRED("occurred"),
    /** Oldest stored first; {@code next_cursor} is where the next read continues. */
    STORED("stored");

    private final String wireName;

    SignalOrder(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<SignalOrder> fromWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }
}
