package com.poblysh.connectors.processor.normalize.github;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredObject;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;
import static com.poblysh.connectors.processor.normalize.github.GitHubIdentities.keyed;
import static com.poblysh.connectors.processor.normalize.github.GitHubIdentities.number;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.processor.normalize.Titles;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * GitHub events to signals, as mapped in contract §8: webhooks ({@code X-GitHub-Event} is the raw event's type, the
 * action is in the body) and the objects the poller reads ({@code api.*}, see {@link GitHubPolledObjects}). Each
 * signal names the change it reports ({@link GitHubIdentities}), so the same change brought by a webhook and by a
 * poll is one signal. A push is one {@code code_pushed} per commit, as a poll reads commits one by one. Events and
 * actions not listed (ping, labeled, star, ...) yield nothing.
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
            case GitHubPolledObjects.ISSUE -> GitHubPolledObjects.issue(payload);
            case GitHubPolledObjects.ISSUE_COMMENT -> GitHubPolledObjects.issueComment(payload);
            case GitHubPolledObjects.REVIEW -> GitHubPolledObjects.review(payload);
            case GitHubPolledObjects.COMMIT -> GitHubPolledObjects.commit(payload);
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
        Instant at = requiredInstant(payload, when);
        return List.of(keyed(new NormalizedSignal(kind, at, actor(payload), text(issue, "/title"),
                text(issue, "/html_url")), GitHubIdentities.issue(issue, action, at)));
    }

    private static List<NormalizedSignal> issueComment(JsonNode payload) {
        JsonNode comment = requiredObject(payload, "/comment");
        Instant at = requiredInstant(payload, "/comment/created_at");
        return List.of(keyed(new NormalizedSignal(SignalKind.ISSUE_COMMENT, at, actor(payload),
                text(payload, "/issue/title"), text(comment, "/html_url")), GitHubIdentities.comment(comment, at)));
    }

    private static List<NormalizedSignal> pullRequest(String action, JsonNode payload) {
        boolean merged = payload.at("/pull_request/merged").asBoolean(false);
        SignalKind kind;
        String[] when;
        // the version a poll sees too: a pull request opens at created_at and closes (merged or not) at closed_at
        String[] version;
        switch (action == null ? "" : action) {
            case "opened" -> {
                kind = SignalKind.PR_OPENED;
                when = new String[] {"/pull_request/created_at"};
                version = when;
            }
            case "closed" -> {
                kind = merged ? SignalKind.PR_MERGED : SignalKind.PR_CLOSED;
                when = merged
                        ? new String[] {"/pull_request/merged_at", "/pull_request/closed_at"}
                        : new String[] {"/pull_request/closed_at", "/pull_request/updated_at"};
                version = new String[] {"/pull_request/closed_at", "/pull_request/updated_at"};
            }
            case "reopened", "synchronize", "edited" -> {
                kind = "reopened".equals(action) ? SignalKind.PR_REOPENED : SignalKind.PR_UPDATED;
                when = new String[] {"/pull_request/updated_at"};
                version = when;
            }
            default -> {
                return List.of();
            }
        }
        JsonNode pr = requiredObject(payload, "/pull_request");
        String change = "closed".equals(action) ? "closed" : action;
        return List.of(keyed(new NormalizedSignal(kind, requiredInstant(payload, when), actor(payload),
                text(pr, "/title"), text(pr, "/html_url")), GitHubIdentities.pullRequest(repositoryId(payload),
                pr.path("number"), change, requiredInstant(payload, version))));
    }

    private static List<NormalizedSignal> review(JsonNode payload) {
        JsonNode review = requiredObject(payload, "/review");
        return List.of(keyed(new NormalizedSignal(SignalKind.PR_REVIEW,
                requiredInstant(payload, "/review/submitted_at"), actor(payload), text(payload, "/pull_request/title"),
                text(review, "/html_url")), GitHubIdentities.review(review)));
    }

    /**
     * One {@code code_pushed} per commit the push carries (GitHub sends up to 20; a poll of the default branch
     * reads the rest), keyed by repository and sha like a polled commit. A push without commits (a new tag, a
     * branch pointing at known commits) is one signal of the push itself; a deletion pushes no code.
     */
    private static List<NormalizedSignal> push(JsonNode payload) {
        if (payload.path("deleted").asBoolean(false)) {
            return List.of();
        }
        String ref = requiredText(payload, "/ref");
        Long repository = repositoryId(payload);
        JsonNode commits = payload.path("commits");
        if (commits.isEmpty()) {
            return List.of(keyed(new NormalizedSignal(SignalKind.CODE_PUSHED,
                    requiredInstant(payload, "/head_commit/timestamp", "/repository/pushed_at"), actor(payload),
                    "0 commits to " + shortRef(ref), text(payload, "/compare")),
                    GitHubIdentities.push(repository, ref, text(payload, "/after"))));
        }
        List<NormalizedSignal> signals = new ArrayList<>(commits.size());
        for (JsonNode commit : commits) {
            String title = Titles.snippet(text(commit, "/message"));
            String author = firstText(commit, "/author/username", "/author/name");
            String url = text(commit, "/url");
            signals.add(keyed(new NormalizedSignal(SignalKind.CODE_PUSHED, requiredInstant(commit, "/timestamp"),
                    author == null ? actor(payload) : author, title == null ? "1 commit to " + shortRef(ref) : title,
                    url == null ? text(payload, "/compare") : url),
                    GitHubIdentities.commit(repository, text(commit, "/id"))));
        }
        return signals;
    }

    private static List<NormalizedSignal> release(JsonNode payload) {
        JsonNode release = requiredObject(payload, "/release");
        String name = text(release, "/name");
        String title = name == null || name.isBlank() ? text(release, "/tag_name") : name;
        Instant at = requiredInstant(payload, "/release/published_at");
        return List.of(keyed(new NormalizedSignal(SignalKind.RELEASE_PUBLISHED, at, actor(payload), title,
                text(release, "/html_url")), GitHubIdentities.release(release, at)));
    }

    private static Long repositoryId(JsonNode payload) {
        return number(payload.at("/repository/id"));
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
