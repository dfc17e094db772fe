package com.poblysh.connectors.ingest.polling.microsoftgraph;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a Graph connection's delta rounds stand, as stored in {@code sync_jobs.cursor}:
 * <pre>
 * {"resources": {"messages": {"delta_link": "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messages/delta
 *                                            ?$deltatoken=…"},
 *                "events": {"next_link": "…?$skiptoken=…", "window_start": "2031-04-06T07:08:09Z",
 *                           "window_end": "2032-05-05T07:08:09Z"},
 *                "drive": {}},
 *  "current": "events"}
 * </pre>
 * Per resource the {@code @odata.deltaLink} of its last complete round (where its next round starts) and, in the
 * middle of a round, the {@code @odata.nextLink} of the next page; for events the calendar window the round was
 * started with. {@code current} is the resource a sync is reading between pages; absent, a sync starts with the
 * first resource.
 */
final class MicrosoftGraphCursor {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One resource's state tokens. */
    static final class State {
        String deltaLink;
        String nextLink;
        Instant windowStart;
        Instant windowEnd;

        /** Forgets the round: the next request starts a full one. */
        void reset() {
            deltaLink = null;
            nextLink = null;
            windowStart = null;
            windowEnd = null;
        }
    }

    final Map<MicrosoftGraphResource, State> states = new EnumMap<>(MicrosoftGraphResource.class);
    MicrosoftGraphResource current;

    State state(MicrosoftGraphResource resource) {
        return states.computeIfAbsent(resource, r -> new State());
    }

    static MicrosoftGraphCursor parse(JsonNode json) {
        MicrosoftGraphCursor cursor = new MicrosoftGraphCursor();
        if (json == null || !json.isObject()) {
            return cursor;
        }
        for (MicrosoftGraphResource resource : MicrosoftGraphResource.values()) {
            JsonNode node = json.path("resources").path(resource.key());
            if (node.isObject()) {
                State state = cursor.state(resource);
                state.deltaLink = text(node, "delta_link");
                state.nextLink = text(node, "next_link");
                String start = text(node, "window_start");
                String end = text(node, "window_end");
                state.windowStart = start == null ? null : Instant.parse(start);
                state.windowEnd = end == null ? null : Instant.parse(end);
            }
        }
        cursor.current = MicrosoftGraphResource.fromKey(text(json, "current")).orElse(null);
        return cursor;
    }

    JsonNode toJson() {
        ObjectNode json = NODES.objectNode();
        ObjectNode resources = json.putObject("resources");
        states.forEach((resource, state) -> {
            ObjectNode node = resources.putObject(resource.key());
            if (state.deltaLink != null) {
                node.put("delta_link", state.deltaLink);
            }
            if (state.nextLink != null) {
                node.put("next_link", state.nextLink);
            }
            if (state.windowStart != null) {
                node.put("window_start", state.windowStart.toString()).put("window_end", state.windowEnd.toString());
            }
        });
        if (current != null) {
            json.put("current", current.key());
        }
        return json;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
