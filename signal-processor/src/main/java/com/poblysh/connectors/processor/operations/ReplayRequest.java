package com.poblysh.connectors.processor.operations;

import java.util.Objects;
import java.util.UUID;

/**
 * What a replay of {@code connectors.raw-events} into Postgres is asked to do.
 *
 * @param from     first position (inclusive)
 * @param to       last position (exclusive); null: the end of the topic when the run starts
 * @param tenant   only this tenant's events (the record key); null: every tenant
 * @param provider only this provider's events (a provider id such as {@code github}); null: every provider
 * @param mode     what to do with signals that exist
 * @param rate     at most this many records per second; null: as fast as it goes
 * @param dryRun   compute and count everything, store nothing
 */
public record ReplayRequest(Position from, Position to, UUID tenant, String provider, Mode mode, Double rate,
                            boolean dryRun) {

    public ReplayRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(mode, "mode");
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("rate must be above 0");
        }
        if (to != null && from.partition().isPresent() != to.partition().isPresent()) {
            throw new IllegalArgumentException("from and to must both be times or both be partition:offset");
        }
        if (to != null && from.partition().isPresent() && from.partition().getAsInt() != to.partition().getAsInt()) {
            throw new IllegalArgumentException("from and to must name the same partition");
        }
    }

    /** What a replay does with a signal that exists already. */
    public enum Mode {
        /** Adds the signals that are absent; existing ones stay as they are. */
        INSERT_MISSING,
        /** Adds the absent ones and brings existing ones to the current normalization, in place. */
        REBUILD;

        /** {@code insert-missing} or {@code rebuild}. */
        public String wireName() {
            return name().toLowerCase().replace('_', '-');
        }

        /** Reads {@link #wireName()}. */
        public static Mode parse(String text) {
            for (Mode mode : values()) {
                if (mode.wireName().equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be insert-missing or rebuild, got " + text);
        }
    }
}
