package com.poblysh.connectors.processor.normalize.jira;

import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredObject;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Jira Cloud webhooks (the raw event's type is the body's {@code webhookEvent}) to signals:
 * {@code jira:issue_created} is {@code issue_created}; {@code jira:issue_updated} is {@code issue_resolved} when its
 * changelog changes the status and the issue's status is now in the {@code done} category, else
 * {@code issue_updated}; {@code comment_created} is {@code issue_comment}. The {@code jira:issue_updated} Jira sends
 * alongside comment events ({@code issue_event_type_name} {@code issue_comment*}) yields nothing, so one comment is
 * one signal. Times are the issue's {@code created}/{@code updated} and the comment's {@code created}; the link is
 * the issue's browse URL on the site.
 */
@Component
class JiraNormalizer implements Normalizer {

    static final String DONE = "done";

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
        return switch (event.getEventType()) {
            case "jira:issue_created" -> issue(SignalKind.ISSUE_CREATED, payload, "/issue/fields/created");
            case "jira:issue_updated" -> updated(payload);
            case "comment_created" -> comment(payload);
            default -> List.of();
        };
    }

    private static List<NormalizedSignal> updated(JsonNode payload) {
        String typeName = text(payload, "/issue_event_type_name");
        if (typeName != null && typeName.startsWith("issue_comment")) {
            return List.of(); // the comment_* event of the same change is the signal
        }
        return issue(resolves(payload) ? SignalKind.ISSUE_RESOLVED : SignalKind.ISSUE_UPDATED, payload,
                "/issue/fields/updated");
    }

    /** The changelog moves the status, and the status the issue now has is in the done category. */
    private static boolean resolves(JsonNode payload) {
        boolean statusChanged = false;
        for (JsonNode item : payload.at("/changelog/items")) {
            if ("status".equals(item.path("fieldId").asString(null)) || "status".equals(item.path("field")
                    .asString(null))) {
                statusChanged = true;
            }
        }
        return statusChanged && DONE.equals(text(payload, "/issue/fields/status/statusCategory/key"));
    }

    private static List<NormalizedSignal> issue(SignalKind kind, JsonNode payload, String timePointer) {
        JsonNode issue = requiredObject(payload, "/issue");
        return List.of(new NormalizedSignal(kind, requiredInstant(payload, timePointer), text(payload,
                "/user/displayName"), title(issue), browseUrl(issue)));
    }

    private static List<NormalizedSignal> comment(JsonNode payload) {
        JsonNode comment = requiredObject(payload, "/comment");
        JsonNode issue = requiredObject(payload, "/issue");
        String url = browseUrl(issue);
        String id = text(comment, "/id");
        return List.of(new NormalizedSignal(SignalKind.ISSUE_COMMENT, requiredInstant(comment, "/created"),
                text(comment, "/author/displayName"), title(issue),
                url == null || id == null ? url : url + "?focusedCommentId=" + id));
    }

    /** {@code PROJ-12: summary}. */
    private static String title(JsonNode issue) {
        String key = requiredText(issue, "/key");
        String summary = text(issue, "/fields/summary");
        return summary == null || summary.isBlank() ? key : key + ": " + summary;
    }

    /** {@code https://<site>/browse/<key>}, from the REST URL in {@code self}. */
    private static String browseUrl(JsonNode issue) {
        String self = text(issue, "/self");
        String key = text(issue, "/key");
        int rest = self == null ? -1 : self.indexOf("/rest/");
        if (rest < 0 || key == null || !self.startsWith("https://")) {
            return null;
        }
        return self.substring(0, rest) + "/browse/" + key;
    }
}
