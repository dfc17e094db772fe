package com.poblysh.connectors.processor.normalize.jira;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredObject;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;

import java.util.List;
import java.util.Locale;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Jira Cloud events to signals, in both shapes an issue's changes arrive in.
 *
 * <p>Webhooks (the raw event's type is the body's {@code webhookEvent}): {@code jira:issue_created} is
 * {@code issue_created}; {@code jira:issue_updated} is {@code issue_resolved} when its changelog changes the status
 * and the issue's status is now in the {@code done} category, else {@code issue_updated}; {@code comment_created} is
 * {@code issue_comment}. The {@code jira:issue_updated} Jira sends alongside comment events
 * ({@code issue_event_type_name} {@code issue_comment*}) yields nothing, so one comment is one signal. Times are the
 * issue's {@code created}/{@code updated} and the comment's {@code created}.
 *
 * <p>Polls (ingest's Jira executor, {@code _poblysh.site} naming the site): {@code api.issue} with one changelog
 * entry is that change, {@code issue_resolved} when it moves the status to the one the issue has now and that is
 * in the {@code done} category, else {@code issue_updated}, at the entry's time by its author; {@code api.issue}
 * without changelog is the issue's creation; {@code api.issue_comment} is {@code issue_comment}.
 *
 * <p>Both shapes name the same identity for the same change, so a webhook and a poll of it are one signal:
 * {@code issue:<site host>:<issue id>@created}, {@code issue:<site host>:<issue id>@<changelog id>},
 * {@code comment:<site host>:<comment id>@created}. The site host (issue ids repeat across sites) comes from a
 * webhook's {@code self}; a webhook whose {@code self} does not name the site, or an update without changelog, keeps
 * the key of its delivery. The link is the issue's browse URL on the site.
 */
@Component
class JiraNormalizer implements Normalizer {

    static final String DONE = "done";
    /** The host of REST URLs that go through Atlassian's cloud API rather than the site. */
    private static final String CLOUD_API_HOST = "api.atlassian.com";

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
        return switch (event.getEventType()) {
            case "jira:issue_created" -> webhookIssue(SignalKind.ISSUE_CREATED, payload, "/issue/fields/created",
                    "created");
            case "jira:issue_updated" -> updated(payload);
            case "comment_created" -> webhookComment(payload);
            case "api.issue" -> polledIssue(payload);
            case "api.issue_comment" -> polledComment(payload);
            default -> List.of();
        };
    }

    private static List<NormalizedSignal> updated(JsonNode payload) {
        String typeName = text(payload, "/issue_event_type_name");
        if (typeName != null && typeName.startsWith("issue_comment")) {
            return List.of(); // the comment_* event of the same change is the signal
        }
        String changelogId = text(payload, "/changelog/id");
        return webhookIssue(resolves(payload) ? SignalKind.ISSUE_RESOLVED : SignalKind.ISSUE_UPDATED, payload,
                "/issue/fields/updated", changelogId);
    }

    /** The changelog moves the status, and the status the issue now has is in the done category. */
    private static boolean resolves(JsonNode payload) {
        boolean statusChanged = false;
        for (JsonNode item : payload.at("/changelog/items")) {
            if (isStatus(item)) {
                statusChanged = true;
            }
        }
        return statusChanged && DONE.equals(text(payload, "/issue/fields/status/statusCategory/key"));
    }

    private static List<NormalizedSignal> webhookIssue(SignalKind kind, JsonNode payload, String timePointer,
            String version) {
        JsonNode issue = requiredObject(payload, "/issue");
        String site = siteOf(text(issue, "/self"));
        NormalizedSignal signal = new NormalizedSignal(kind, requiredInstant(payload, timePointer), text(payload,
                "/user/displayName"), title(issue), browseUrl(site, issue));
        return List.of(identify(signal, "issue", site, text(issue, "/id"), version));
    }

    private static List<NormalizedSignal> webhookComment(JsonNode payload) {
        JsonNode comment = requiredObject(payload, "/comment");
        JsonNode issue = requiredObject(payload, "/issue");
        String site = siteOf(text(issue, "/self"));
        return List.of(identify(comment(comment, issue, site), "comment", site, text(comment, "/id"), "created"));
    }

    private static List<NormalizedSignal> polledIssue(JsonNode issue) {
        String site = requiredText(issue, "/_poblysh/site");
        JsonNode histories = issue.at("/changelog/histories");
        String id = requiredText(issue, "/id");
        if (!histories.isArray() || histories.isEmpty()) {
            NormalizedSignal created = new NormalizedSignal(SignalKind.ISSUE_CREATED, requiredInstant(issue,
                    "/fields/created"), firstText(issue, "/fields/creator/displayName",
                    "/fields/reporter/displayName"), title(issue), browseUrl(site, issue));
            return List.of(identify(created, "issue", site, id, "created"));
        }
        JsonNode history = histories.get(0);
        NormalizedSignal changed = new NormalizedSignal(movesToDone(history, issue) ? SignalKind.ISSUE_RESOLVED
                : SignalKind.ISSUE_UPDATED, requiredInstant(history, "/created"), text(history,
                "/author/displayName"), title(issue), browseUrl(site, issue));
        return List.of(identify(changed, "issue", site, id, requiredText(history, "/id")));
    }

    /** The entry moves the status to the one the issue has now, and that status is in the done category. */
    private static boolean movesToDone(JsonNode history, JsonNode issue) {
        String current = text(issue, "/fields/status/id");
        if (current == null || !DONE.equals(text(issue, "/fields/status/statusCategory/key"))) {
            return false;
        }
        for (JsonNode item : history.path("items")) {
            if (isStatus(item) && current.equals(item.path("to").asString(null))) {
                return true;
            }
        }
        return false;
    }

    private static List<NormalizedSignal> polledComment(JsonNode comment) {
        String site = requiredText(comment, "/_poblysh/site");
        JsonNode issue = requiredObject(comment, "/_poblysh/issue");
        return List.of(identify(comment(comment, issue, site), "comment", site, requiredText(comment, "/id"),
                "created"));
    }

    private static NormalizedSignal comment(JsonNode comment, JsonNode issue, String site) {
        String url = browseUrl(site, issue);
        String id = text(comment, "/id");
        return new NormalizedSignal(SignalKind.ISSUE_COMMENT, requiredInstant(comment, "/created"),
                text(comment, "/author/displayName"), title(issue),
                url == null || id == null ? url : url + "?focusedCommentId=" + id);
    }

    private static boolean isStatus(JsonNode item) {
        return "status".equals(item.path("fieldId").asString(null)) || "status".equals(item.path("field")
                .asString(null));
    }

    /** The signal keyed {@code <object>:<site host>:<id>@<version>}, or as it is when a part is unknown. */
    private static NormalizedSignal identify(NormalizedSignal signal, String object, String site, String id,
            String version) {
        String host = host(site);
        if (host == null || id == null || id.isBlank() || version == null || version.isBlank()) {
            return signal;
        }
        return signal.withIdentity(object + ":" + host + ":" + id + "@" + version);
    }

    /** {@code PROJ-12: summary}. */
    private static String title(JsonNode issue) {
        String key = requiredText(issue, "/key");
        String summary = text(issue, "/fields/summary");
        return summary == null || summary.isBlank() ? key : key + ": " + summary;
    }

    /** {@code https://<site>}, from a REST URL on the site ({@code https://<site>/rest/...}); null otherwise. */
    private static String siteOf(String self) {
        int rest = self == null ? -1 : self.indexOf("/rest/");
        if (rest < 0 || !self.startsWith("https://")) {
            return null;
        }
        String site = self.substring(0, rest);
        String host = host(site);
        return host == null || host.equals(CLOUD_API_HOST) ? null : site;
    }

    /** The host of {@code https://<host>[/...]}, lower case; null for anything else (no URL parsing here). */
    private static String host(String site) {
        if (site == null || !site.startsWith("https://")) {
            return null;
        }
        String rest = site.substring("https://".length());
        int end = rest.indexOf('/');
        String host = (end < 0 ? rest : rest.substring(0, end)).toLowerCase(Locale.ROOT);
        return host.matches("[a-z0-9.-]+(:[0-9]{1,5})?") ? host : null;
    }

    /** {@code https://<site>/browse/<key>}. */
    private static String browseUrl(String site, JsonNode issue) {
        String key = text(issue, "/key");
        if (site == null || key == null || !site.startsWith("https://")) {
            return null;
        }
        return site + "/browse/" + key;
    }
}
