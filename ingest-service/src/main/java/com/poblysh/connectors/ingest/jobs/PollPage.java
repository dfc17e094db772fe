package com.poblysh.connectors.ingest.jobs;

import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * One page an executor read.
 *
 * @param events     the page's events, in the order they are published
 * @param nextCursor where the next page starts, or (when {@code hasMore} is false) where the connection's next
 *                   incremental sync starts, e.g. {@code {"since": "2026-01-02T03:04:05Z"}}; {@code null} keeps the
 *                   cursor the page started at. Stored in {@code sync_jobs.cursor} once every event was acknowledged.
 * @param hasMore    whether another page follows at once
 */
public record PollPage(List<PolledEvent> events, JsonNode nextCursor, boolean hasMore) {

    public PollPage {
        events = List.copyOf(events);
        if (hasMore && nextCursor == null) {
            throw new IllegalArgumentException("a page with more to come must say where the next one starts");
        }
    }

    /** A page followed by another one starting at {@code nextCursor}. */
    public static PollPage more(List<PolledEvent> events, JsonNode nextCursor) {
        return new PollPage(events, Objects.requireNonNull(nextCursor, "nextCursor"), true);
    }

    /** The last page; the next incremental sync starts at {@code nextCursor}. */
    public static PollPage last(List<PolledEvent> events, JsonNode nextCursor) {
        return new PollPage(events, nextCursor, false);
    }
}
