package com.poblysh.connectors.ingest.polling.jira;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a Jira connection's polling stands, as stored in {@code sync_jobs.cursor}:
 * <pre>
 * {"sites": {"&lt;cloud id&gt;": {"url": "https://acme.atlassian.net", "time_zone": "Europe/Berlin",
 *                              "since": "2031-05-06T07:08:09.120Z",
 *                              "seen": ["issue:acme.atlassian.net:10002@10124"]}},
 *  "run": {"pending": ["&lt;cloud id&gt;"], "site": "&lt;cloud id&gt;",
 *          "jql": "updated &gt;= \"2031-05-06 09:08\" ...", "from": "...", "token": "&lt;nextPageToken&gt;",
 *          "high": "...", "bound": "...", "seen": {"&lt;identity&gt;": 1967...}}}
 * </pre>
 * Per site, {@code since} is where the next sync's search starts (inclusive, at JQL's minute precision) and
 * {@code seen} the changes at or after that minute already published, so re-reading the boundary minute publishes
 * nothing twice. {@code run} exists only while a sync is between pages: the sites still to read, the page token of
 * the current site's search, the newest {@code updated} read so far and the changes that will be in the next
 * {@code seen}.
 */
final class JiraCursor {

    /** Identities kept per site; beyond, the oldest are dropped and the processor's dedupe catches what repeats. */
    static final int MAX_SEEN = 500;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What is known of one site between syncs. */
    static final class SiteState {
        String url;
        String timeZone;
        Instant since;
        Set<String> seen = new LinkedHashSet<>();
    }

    /** A sync between two pages. */
    static final class Run {
        List<String> pending = new ArrayList<>();
        String site;
        String jql;
        Instant from;
        String token;
        Instant high;
        Instant bound;
        Map<String, Long> seen = new LinkedHashMap<>();

        /** Remembers a change read at {@code at} if the next sync will read it again. */
        void saw(String identity, Instant at) {
            seen.put(identity, at.toEpochMilli());
        }

        /** Where the next sync of this site starts: the newest update read, but no later than the bound. */
        Instant next(Instant previous) {
            if (high == null) {
                return previous;
            }
            Instant next = bound != null && bound.isBefore(high) ? bound : high;
            return previous != null && previous.isAfter(next) ? previous : next;
        }

        /** Forgets what the next sync will not read again (before the minute it starts at), newest kept first. */
        void prune() {
            Instant next = next(null);
            if (next == null) {
                return;
            }
            long floor = minute(next).toEpochMilli();
            seen.values().removeIf(at -> at < floor);
            if (seen.size() > MAX_SEEN) {
                List<Map.Entry<String, Long>> newest = seen.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                        .limit(MAX_SEEN).toList();
                Map<String, Long> kept = new LinkedHashMap<>();
                newest.forEach(e -> kept.put(e.getKey(), e.getValue()));
                seen = kept;
            }
        }
    }

    final Map<String, SiteState> sites = new TreeMap<>();
    Run run;

    /** The start of {@code instant}'s minute: JQL compares dates at minute precision. */
    static Instant minute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }

    static JiraCursor parse(JsonNode json) {
        JiraCursor cursor = new JiraCursor();
        if (json == null || !json.isObject()) {
            return cursor;
        }
        for (Map.Entry<String, JsonNode> entry : json.path("sites").properties()) {
            JsonNode node = entry.getValue();
            SiteState site = new SiteState();
            site.url = text(node, "url");
            site.timeZone = text(node, "time_zone");
            site.since = instant(node, "since");
            node.path("seen").forEach(id -> site.seen.add(id.asString()));
            cursor.sites.put(entry.getKey(), site);
        }
        JsonNode r = json.path("run");
        if (r.isObject()) {
            Run run = new Run();
            r.path("pending").forEach(id -> run.pending.add(id.asString()));
            run.site = text(r, "site");
            run.jql = text(r, "jql");
            run.from = instant(r, "from");
            run.token = text(r, "token");
            run.high = instant(r, "high");
            run.bound = instant(r, "bound");
            for (Map.Entry<String, JsonNode> seen : r.path("seen").properties()) {
                run.seen.put(seen.getKey(), seen.getValue().asLong());
            }
            cursor.run = run;
        }
        return cursor;
    }

    JsonNode toJson() {
        ObjectNode json = NODES.objectNode();
        ObjectNode sites = json.putObject("sites");
        this.sites.forEach((id, site) -> {
            ObjectNode node = sites.putObject(id).put("url", site.url).put("time_zone", site.timeZone)
                    .put("since", site.since == null ? null : site.since.toString());
            site.seen.forEach(node.putArray("seen")::add);
        });
        if (run != null) {
            ObjectNode r = json.putObject("run");
            run.pending.forEach(r.putArray("pending")::add);
            r.put("site", run.site).put("jql", run.jql).put("from", text(run.from)).put("token", run.token)
                    .put("high", text(run.high)).put("bound", text(run.bound));
            ObjectNode seen = r.putObject("seen");
            run.seen.forEach(seen::put);
        }
        return json;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : Instant.parse(text);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
