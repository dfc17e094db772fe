package com.poblysh.connectors.processor.normalize.github;

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
 * GitHub webhook events ({@code X-GitHub-Event} is the raw event's type, the action is in the body) to signals, as
 * mapped in contract §8. Events and actions not listed there (ping, labeled, star, ...) yield nothing.
 */
@Component
class GitHubNormalizer implements Normalizer {

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
        String action = text(payload, "/action");
        return switch (event.getEventType()) {
            case "issues" -> issues(action, payload);
            case "issue_comment" -> "created".equals(action) ? issueComment(payload) : List.of();
            case "pull_request" -> pullRequest(action, payload);
            case "pull_request_review" -> "submitted".equals(action) ? review(payload) : List.of();
            case "push" -> push(payload);
            case "release" -> "published".equals(action) ? release(payload) : List.of();
            default -> List.of();
        };
    }

    private static List<NormalizedSignal> issues(String action, JsonNode payload) {
        SignalKind kind;
        String[] when;
        switch (action == null ? "" : action) {
            case "opened" -> {
                kind = SignalKind.ISSUE_CREATED;
                when = new String[] {"/issue/created_at"};
            }
            case "closed" -> {
                kind = SignalKind.ISSUE_CLOSED;
                when = new String[] {"/issue/closed_at", "/issue/updated_at"};
            }
            case "reopened" -> {
                kind = SignalKind.ISSUE_REOPENED;
                when = new String[] {"/issue/updated_at"};
            }
            case "edited" -> {
                kind = SignalKind.ISSUE_UPDATED;
                when = new String[] {"/issue/updated_at"};
            }
            default -> {
                return List.of();
            }
        }
        JsonNode issue = requiredObject(payload, "/issue");
        return List.of(new NormalizedSignal(kind, requiredInstant(payload, when), actor(payload),
                text(issue, "/title"), text(issue, "/html_url")));
    }

    private static List<NormalizedSignal> issueComment(JsonNode payload) {
        JsonNode comment = requiredObject(payload, "/comment");
        return List.of(new NormalizedSignal(SignalKind.ISSUE_COMMENT, requiredInstant(payload, "/comment/created_at"),
                actor(payload), text(payload, "/issue/title"), text(comment, "/html_url")));
    }

    private static List<NormalizedSignal> pullRequest(String action, JsonNode payload) {
        boolean merged = payload.at("/pull_request/merged").asBoolean(false);
        SignalKind kind;
        String[] when;
        switch (action == null ? "" : action) {
            case "opened" -> {
                kind = SignalKind.PR_OPENED;
                when = new String[] {"/pull_request/created_at"};
            }
            case "closed" -> {
                kind = merged ? SignalKind.PR_MERGED : SignalKind.PR_CLOSED;
                when = merged
                        ? new String[] {"/pull_request/merged_at", "/pull_request/closed_at"}
                        : new String[] {"/pull_request/closed_at", "/pull_request/updated_at"};
            }
            case "reopened" -> {
                kind = SignalKind.PR_REOPENED;
                when = new String[] {"/pull_request/updated_at"};
            }
            case "synchronize", "edited" -> {
                kind = SignalKind.PR_UPDATED;
                when = new String[] {"/pull_request/updated_at"};
            }
            default -> {
                return List.of();
            }
        }
        JsonNode pr = requiredObject(payload, "/pull_request");
        return List.of(new NormalizedSignal(kind, requiredInstant(payload, when), actor(payload),
                text(pr, "/title"), text(pr, "/html_url")));
    }

    private static List<NormalizedSignal> review(JsonNode payload) {
        JsonNode review = requiredObject(payload, "/review");
        return List.of(new NormalizedSignal(SignalKind.PR_REVIEW, requiredInstant(payload, "/review/submitted_at"),
                actor(payload), text(payload, "/pull_request/title"), text(review, "/html_url")));
    }

    private static List<NormalizedSignal> push(JsonNode payload) {
        if (payload.path("deleted").asBoolean(false)) {
            return List.of(); // a branch or tag deletion pushes no code
        }
        String ref = requiredText(payload, "/ref");
        int commits = payload.path("commits").size();
        String title = commits + (commits == 1 ? " commit to " : " commits to ") + shortRef(ref);
        return List.of(new NormalizedSignal(SignalKind.CODE_PUSHED,
                requiredInstant(payload, "/head_commit/timestamp", "/repository/pushed_at"), actor(payload), title,
                text(payload, "/compare")));
    }

    private static List<NormalizedSignal> release(JsonNode payload) {
        JsonNode release = requiredObject(payload, "/release");
        String name = text(release, "/name");
        String title = name == null || name.isBlank() ? text(release, "/tag_name") : name;
        return List.of(new NormalizedSignal(SignalKind.RELEASE_PUBLISHED,
                requiredInstant(payload, "/release/published_at"), actor(payload), title, text(release, "/html_url")));
    }

    private static String actor(JsonNode payload) {
        return text(payload, "/sender/login");
    }

    private static String shortRef(String ref) {
        for (String prefix : new String[] {"refs/heads/", "refs/tags/"}) {
            if (ref.startsWith(prefix)) {
                return ref.substring(prefix.length());
            }
        }
        return ref;
    }
}
