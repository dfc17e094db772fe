package com.poblysh.connectors.ingest.polling.jira;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.poblysh.connectors.ingest.jobs.PollException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The changes one searched issue holds, each a raw event the processor turns into one signal, keyed by the object
 * and version a Jira webhook of the same change names as well:
 * <ul>
 * <li>its creation: {@code api.issue} without changelog, {@code issue:<site host>:<issue id>@created}</li>
 * <li>each changelog entry: {@code api.issue} with that one entry in {@code changelog.histories},
 * {@code issue:<site host>:<issue id>@<changelog id>} (a webhook's {@code changelog.id})</li>
 * <li>each comment: {@code api.issue_comment}, the comment with its issue under {@code _poblysh.issue},
 * {@code comment:<site host>:<comment id>@created}</li>
 * </ul>
 * Every payload carries {@code _poblysh.site} (the site's own address, for the browse link: the API's {@code self}
 * names api.atlassian.com) and {@code _poblysh.cloud_id}. Issue ids repeat across sites, hence the host in the key.
 */
final class JiraChanges {

    static final String ISSUE = "api.issue";
    static final String COMMENT = "api.issue_comment";
    private static final DateTimeFormatter JIRA_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]").appendOffset("+HHMM", "+0000").toFormatter();

    /** One change: what identifies it, when it happened, and the raw event that reports it. */
    record Change(String identity, Instant at, String eventType, ObjectNode payload) {
    }

    /** Reads the parts of an issue a search page may have cut short. */
    interface Details {
        List<JsonNode> changelog(String issueId) throws PollException;

        List<JsonNode> comments(String issueId) throws PollException;
    }

    private JiraChanges() {
    }

    /**
     * The issue's changes at or after {@code from} (every one when null), oldest first. The search returns the most
     * recent histories only and a limited number of comments; when it cut off some that may be that new, the
     * complete lists are read through {@code details}.
     */
    static List<Change> of(JsonNode issue, String cloudId, String siteUrl, Instant from, Details details)
            throws PollException {
        String id = issue.path("id").asString("");
        if (!id.matches("[0-9]{1,20}")) {
            throw PollException.transientFailure("invalid_response", "a Jira issue without a numeric id", null);
        }
        String host = URI.create(siteUrl).getHost().toLowerCase(Locale.ROOT);
        ObjectNode base = ((ObjectNode) issue).deepCopy();
        base.remove("changelog");
        JsonNode comment = base.path("fields").path("comment");
        ((ObjectNode) base.path("fields")).remove("comment");
        base.putObject("_poblysh").put("site", siteUrl).put("cloud_id", cloudId);

        List<Change> changes = new ArrayList<>();
        Instant created = time(issue.at("/fields/created"));
        if (created != null && (from == null || !created.isBefore(from))) {
            changes.add(new Change("issue:" + host + ":" + id + "@created", created, ISSUE, base.deepCopy()));
        }
        for (JsonNode history : histories(issue, id, from, details)) {
            Instant at = time(history.path("created"));
            String historyId = history.path("id").asString("");
            if (at == null || historyId.isBlank() || (from != null && at.isBefore(from))) {
                continue;
            }
            ObjectNode payload = base.deepCopy();
            payload.putObject("changelog").putArray("histories").add(history.deepCopy());
            changes.add(new Change("issue:" + host + ":" + id + "@" + historyId, at, ISSUE, payload));
        }
        for (JsonNode c : comments(comment, id, details)) {
            Instant at = time(c.path("created"));
            String commentId = c.path("id").asString("");
            if (at == null || commentId.isBlank() || (from != null && at.isBefore(from))) {
                continue;
            }
            ObjectNode payload = ((ObjectNode) c).deepCopy();
            ObjectNode context = payload.putObject("_poblysh").put("site", siteUrl).put("cloud_id", cloudId);
            ObjectNode parent = context.putObject("issue").put("id", id).put("key", issue.path("key").asString(""))
                    .put("self", issue.path("self").asString(""));
            ObjectNode fields = parent.putObject("fields");
            fields.set("summary", issue.at("/fields/summary").deepCopy());
            fields.set("status", issue.at("/fields/status").deepCopy());
            changes.add(new Change("comment:" + host + ":" + commentId + "@created", at, COMMENT, payload));
        }
        changes.sort(Comparator.comparing(Change::at));
        return changes;
    }

    private static List<JsonNode> histories(JsonNode issue, String id, Instant from, Details details)
            throws PollException {
        JsonNode log = issue.path("changelog");
        List<JsonNode> included = new ArrayList<>();
        log.path("histories").forEach(included::add);
        int total = log.path("total").asInt(included.size());
        if (total <= included.size()) {
            return included;
        }
        // the search holds the most recent entries; when even its oldest is new enough, older ones may be too
        Instant oldest = included.stream().map(h -> time(h.path("created"))).filter(t -> t != null)
                .min(Comparator.naturalOrder()).orElse(null);
        if (from != null && oldest != null && oldest.isBefore(from)) {
            return included;
        }
        return details.changelog(id);
    }

    private static List<JsonNode> comments(JsonNode comment, String id, Details details) throws PollException {
        List<JsonNode> included = new ArrayList<>();
        comment.path("comments").forEach(included::add);
        int total = comment.path("total").asInt(included.size());
        return total <= included.size() ? included : details.comments(id);
    }

    /** A Jira time, {@code 2024-04-30T09:30:00.456+0000}, or null when absent or unreadable. */
    static Instant time(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        String text = node.asString();
        try {
            return OffsetDateTime.parse(text, JIRA_TIME).toInstant();
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException again) {
                return null;
            }
        }
    }
}
