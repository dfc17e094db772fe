package com.poblysh.connectors.processor.operations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a replay starts or stops on {@code connectors.raw-events}: an instant (RFC 3339, e.g.
 * {@code 2026-03-01T00:00:00Z}, every partition from the first record at or after it) or one partition's offset
 * ({@code 3:1200}, partition 3 from offset 1200; only that partition).
 */
public final class Position {

    private final Instant time;
    private final int partition;
    private final long offset;

    private Position(Instant time, int partition, long offset) {
        this.time = time;
        this.partition = partition;
        this.offset = offset;
    }

    /** The position at {@code time} on every partition. */
    public static Position at(Instant time) {
        return new Position(Objects.requireNonNull(time), -1, -1);
    }

    /** The position at {@code offset} of {@code partition}. */
    public static Position at(int partition, long offset) {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be at least 0");
        }
        return new Position(null, partition, offset);
    }

    /**
     * Parses {@code 2026-03-01T00:00:00Z} (RFC 3339, any offset) or {@code partition:offset}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Position parse(String text) {
        String value = Objects.requireNonNull(text).trim();
        if (value.matches("\\d{1,9}:\\d{1,19}")) {
            int colon = value.indexOf(':');
            try {
                return at(Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a partition:offset: " + text);
            }
        }
        try {
            return at(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "not an RFC 3339 time (2026-03-01T00:00:00Z) nor a partition:offset (3:1200): " + text);
        }
    }

    /** The instant, when this is a time position. */
    public Instant time() {
        return time;
    }

    /** The partition, when this is an offset position. */
    public OptionalInt partition() {
        return time == null ? OptionalInt.of(partition) : OptionalInt.empty();
    }

    /** The offset, when this is an offset position (else -1). */
    public long offset() {
        return offset;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Position p && Objects.equals(time, p.time) && partition == p.partition
                && offset == p.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, partition, offset);
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return time != null ? time.toString() : partition + ":" + offset;
    }
}
