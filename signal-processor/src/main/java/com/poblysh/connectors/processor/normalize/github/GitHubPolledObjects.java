package com.poblysh.connectors.processor.normalize.github;

import static com.poblysh.connectors.processor.normalize.JsonFields.firstText;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredInstant;
import static com.poblysh.connectors.processor.normalize.JsonFields.requiredText;
import static com.poblysh.connectors.processor.normalize.JsonFields.text;
import static com.poblysh.connectors.processor.normalize.github.GitHubIdentities.keyed;
import static com.poblysh.connectors.processor.normalize.github.GitHubIdentities.number;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Titles;
import tools.jackson.databind.JsonNode;

/**
 * The objects the GitHub poller publishes ({@code api.issue}, {@code api.issue_comment},
 * {@code api.pull_request_review}, {@code api.commit}: each the REST API's object, plus {@code _poblysh} with its
 * repository and, for comments and reviews, their issue or pull request) to the signals their webhooks give.
 *
 * <p>An API object shows only its current state, so a poll reports the changes that state proves, each under the
 * identity its webhook computes: an issue or pull request was opened (always) and closed or merged (when it is
 * closed); a comment was created; a review was submitted (pending ones are not yet); a commit was pushed. Edits,
 * reopenings and pushes to a pull request's branch leave nothing in the object that tells them from a label or a
 * comment, so {@code issue_updated}, {@code issue_reopened}, {@code pr_updated} and {@code pr_reopened} come from
 * webhooks only, and a poll never adds a signal a webhook of the same change would not have given. Who closed or
 * merged is not in the issues list, so those signals of a poll have no actor.
 */
final class GitHubPolledObjects {

    static final String ISSUE = "api.issue";
    static final String ISSUE_COMMENT = "api.issue_comment";
    static final String REVIEW = "api.pull_request_review";
    static final String COMMIT = "api.commit";

    private GitHubPolledObjects() {
    }

    /** An issue of the issues list, or a pull request there (it has a {@code pull_request} member). */
    static List<NormalizedSignal> issue(JsonNode issue) {
        Instant created = requiredInstant(issue, "/created_at");
        String title = text(issue, "/title");
        String url = text(issue, "/html_url");
        String author = text(issue, "/user/login");
        boolean closed = "closed".equals(text(issue, "/state")) && issue.path("closed_at").isString();
        List<NormalizedSignal> signals = new ArrayList<>(2);
        if (issue.path("pull_request").isObject()) {
            Long repository = repositoryId(issue);
            signals.add(keyed(new NormalizedSignal(SignalKind.PR_OPENED, created, author, title, url),
                    GitHubIdentities.pullRequest(repository, issue.path("number"), "opened", created)));
            if (closed) {
                Instant closedAt = requiredInstant(issue, "/closed_at");
                boolean merged = issue.at("/pull_request/merged_at").isString();
                signals.add(keyed(new NormalizedSignal(merged ? SignalKind.PR_MERGED : SignalKind.PR_CLOSED,
                                merged ? requiredInstant(issue, "/pull_request/merged_at") : closedAt, null, title, url),
                        GitHubIdentities.pullRequest(repository, issue.path("number"), "closed", closedAt)));
            }
            return signals;
        }
        signals.add(keyed(new NormalizedSignal(SignalKind.ISSUE_CREATED, created, author, title, url),
                GitHubIdentities.issue(issue, "opened", created)));
        if (closed) {
            Instant closedAt = requiredInstant(issue, "/closed_at");
            signals.add(keyed(new NormalizedSignal(SignalKind.ISSUE_CLOSED, closedAt, text(issue, "/closed_by/login"),
                    title, url), GitHubIdentities.issue(issue, "closed", closedAt)));
        }
        return signals;
    }

    /** A comment of the repository's issue comments; its issue's title is in {@code _poblysh.issue}. */
    static List<NormalizedSignal> issueComment(JsonNode comment) {
        Instant created = requiredInstant(comment, "/created_at");
        return List.of(keyed(new NormalizedSignal(SignalKind.ISSUE_COMMENT, created, text(comment, "/user/login"),
                text(comment, "/_poblysh/issue/title"), text(comment, "/html_url")),
                GitHubIdentities.comment(comment, created)));
    }

    /** A review of a pull request; the pull request's title is in {@code _poblysh.pull_request}. */
    static List<NormalizedSignal> review(JsonNode review) {
        if ("PENDING".equalsIgnoreCase(text(review, "/state")) || !review.path("submitted_at").isString()) {
            return List.of(); // not submitted yet: its webhook comes with the submission
        }
        return List.of(keyed(new NormalizedSignal(SignalKind.PR_REVIEW, requiredInstant(review, "/submitted_at"),
                text(review, "/user/login"), text(review, "/_poblysh/pull_request/title"),
                text(review, "/html_url")), GitHubIdentities.review(review)));
    }

    /**
     * A commit of the default branch. Its time is the committer's, the date the commits list's {@code since}
     * compares with (a push webhook's commit {@code timestamp} is the same for commits made on GitHub).
     */
    static List<NormalizedSignal> commit(JsonNode commit) {
        String sha = requiredText(commit, "/sha");
        String title = Titles.snippet(text(commit, "/commit/message"));
        return List.of(keyed(new NormalizedSignal(SignalKind.CODE_PUSHED,
                requiredInstant(commit, "/commit/committer/date", "/commit/author/date"),
                firstText(commit, "/author/login", "/commit/author/name"), title == null ? sha.substring(0,
                Math.min(7, sha.length())) : title, text(commit, "/html_url")),
                GitHubIdentities.commit(repositoryId(commit), sha)));
    }

    private static Long repositoryId(JsonNode object) {
        return number(object.at("/_poblysh/repository/id"));
    }
}
