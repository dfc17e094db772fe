package com.poblysh.connectors.processor.normalize.github;

import java.time.Instant;

import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import tools.jackson.databind.JsonNode;

/**
 * The identities of GitHub signals, {@code <object>:<change>@<time of the change>}, built here for both shapes so a
 * webhook and a poll of the same change cannot drift apart:
 * <pre>
 * issue:444500041:opened@2019-05-15T15:20:18Z              issue id, created_at
 * issue:444500041:closed@2019-05-16T09:42:07Z              closed_at (edited / reopened: updated_at)
 * pull_request:186853002#2:closed@2019-05-16T10:01:45Z     repository id and number (a merge is its closing)
 * issue_comment:492700400@2019-05-15T15:20:21Z             comment id, created_at (an edit is the same comment)
 * review:237895671                                         a review is submitted once
 * commit:186853002:6113728f27ae82c7b1a177c8d03f9e96e0adf246  repository id and sha (a fork shares shas)
 * push:186853002:refs/tags/v0.1.0@6113728f…                a push without commits: ref and {@code after}
 * release:11248810:published@2019-05-15T15:20:53Z
 * </pre>
 * Pull requests are named by repository and number because the issues API (which the poller reads) gives a pull
 * request's issue id while webhooks give its pull request id. Times are written as {@link Instant#toString()}, so
 * {@code 2019-05-15T10:20:18-05:00} and {@code 2019-05-15T15:20:18Z} are one version. An object without the ids its
 * identity needs (a hand-made minimal payload) gets none, and its signal is keyed by its delivery.
 */
final class GitHubIdentities {

    private GitHubIdentities() {
    }

    static String issue(JsonNode issue, String change, Instant at) {
        Long id = number(issue.path("id"));
        return id == null ? null : "issue:" + id + ":" + change + "@" + at;
    }

    static String pullRequest(Long repositoryId, JsonNode number, String change, Instant at) {
        Long n = number(number);
        return repositoryId == null || n == null ? null
                : "pull_request:" + repositoryId + "#" + n + ":" + change + "@" + at;
    }

    static String comment(JsonNode comment, Instant createdAt) {
        Long id = number(comment.path("id"));
        return id == null ? null : "issue_comment:" + id + "@" + createdAt;
    }

    static String review(JsonNode review) {
        Long id = number(review.path("id"));
        return id == null ? null : "review:" + id;
    }

    static String commit(Long repositoryId, String sha) {
        return repositoryId == null || sha == null || sha.isBlank() ? null : "commit:" + repositoryId + ":" + sha;
    }

    static String push(Long repositoryId, String ref, String after) {
        return repositoryId == null || after == null || after.isBlank() ? null
                : "push:" + repositoryId + ":" + ref + "@" + after;
    }

    static String release(JsonNode release, Instant publishedAt) {
        Long id = number(release.path("id"));
        return id == null ? null : "release:" + id + ":published@" + publishedAt;
    }

    /** An integral id, or null when absent. */
    static Long number(JsonNode node) {
        return node.isIntegralNumber() ? node.longValue() : null;
    }

    /** {@code signal} keyed by {@code identity}, or keyed by its delivery when there is none. */
    static NormalizedSignal keyed(NormalizedSignal signal, String identity) {
        return identity == null ? signal : signal.withIdentity(identity);
    }
}
