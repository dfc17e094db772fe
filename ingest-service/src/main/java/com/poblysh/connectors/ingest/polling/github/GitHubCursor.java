package com.poblysh.connectors.ingest.polling.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a GitHub connection's polling stands, as stored in {@code sync_jobs.cursor}. Between passes only the lower
 * bound of the next one:
 * <pre>{"since": "2031-05-06T07:08:09Z"}</pre>
 * and during a pass over the connection's repositories also where it is:
 * <pre>
 * {"since": "2031-05-06T07:08:09Z",        lower bound of this pass (absent: everything, a backfill)
 *  "started": "2031-05-06T07:23:10Z",      GitHub's Date of the pass's first answer: the next pass's since
 *  "repos_page": 1, "more_repos": false,   the page of GET /user/repos the queue came from, and whether one follows
 *  "queue": [{"id": 186853002, "full_name": "Codertocat/Hello-World"}],   repositories left, the first being read
 *  "resource": "issues",                   issues (pull requests and their reviews), comments, commits
 *  "from": "2031-05-06T07:20:00Z",         inclusive lower bound of the resource's next request (absent: since)
 *  "page": 1,                              page under that bound (more than 1 only inside a run of equal times)
 *  "seen": [444500041]}                    ids already published at exactly "from", skipped when read again
 * </pre>
 * Issues and comments are read in {@code updated_at} order, each page starting at the last time the previous one
 * ended with: items that change meanwhile move behind the bound instead of shifting the pages under it, ties on the
 * bound are read again (and skipped by {@code seen}), and a page full of one time goes on by page number. The next
 * pass starts at the time this one started, so what changed while it ran is read again, never lost.
 *
 * @param since lower bound of the current or next pass; null reads everything
 * @param pass  the pass under way; null between passes
 */
record GitHubCursor(Instant since, Pass pass) {

    /** The resources read for each repository, in this order. */
    enum Resource {
        ISSUES, COMMENTS, COMMITS;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Resource fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** A repository of the pass: id (part of signal identities) and {@code owner/name} (the API path). */
    record Repo(long id, String fullName) {
    }

    /**
     * A pass under way; see the class comment for each field.
     *
     * @param queue empty while the next page of repositories is still to be listed
     */
    record Pass(Instant started, int reposPage, boolean moreRepos, List<Repo> queue, Resource resource, Instant from,
            int page, List<Long> seen) {

        Pass {
            queue = List.copyOf(queue);
            seen = List.copyOf(seen);
            Objects.requireNonNull(resource, "resource");
        }

        /** The start of a pass: repositories not listed yet. */
        static Pass first() {
            return new Pass(null, 1, false, List.of(), Resource.ISSUES, null, 1, List.of());
        }

        /** The repository being read. */
        Repo repo() {
            return queue.get(0);
        }

        Pass started(Instant at) {
            return started != null ? this : new Pass(at, reposPage, moreRepos, queue, resource, from, page, seen);
        }

        /** Repositories of page {@code reposPage} listed: read the first one, from its first resource. */
        Pass listed(List<Repo> repos, boolean more) {
            return new Pass(started, reposPage, more, repos, Resource.ISSUES, null, 1, List.of());
        }

        /** The next request of the same resource starts at {@code next} (inclusive), skipping {@code ids} there. */
        Pass from(Instant next, List<Long> ids) {
            return new Pass(started, reposPage, moreRepos, queue, resource, next, 1, ids);
        }

        /** The next page under the same bound. */
        Pass nextPage() {
            return new Pass(started, reposPage, moreRepos, queue, resource, from, page + 1, seen);
        }

        /** The resource is read to its end: the next one, else the next repository; null when it was the last. */
        Pass resourceDone() {
            Resource[] all = Resource.values();
            if (resource.ordinal() + 1 < all.length) {
                return new Pass(started, reposPage, moreRepos, queue, all[resource.ordinal() + 1], null, 1, List.of());
            }
            List<Repo> rest = queue.subList(1, queue.size());
            if (!rest.isEmpty()) {
                return new Pass(started, reposPage, moreRepos, rest, Resource.ISSUES, null, 1, List.of());
            }
            return moreRepos ? new Pass(started, reposPage + 1, false, List.of(), Resource.ISSUES, null, 1, List.of())
                    : null;
        }
    }

    /** The cursor stored before ({@code null}: never polled, a backfill). */
    static GitHubCursor parse(JsonNode stored) {
        if (stored == null || !stored.isObject()) {
            return new GitHubCursor(null, null);
        }
        Instant since = instant(stored.path("since"));
        if (!stored.has("resource")) {
            return new GitHubCursor(since, null);
        }
        List<Repo> queue = new ArrayList<>();
        for (JsonNode repo : stored.path("queue")) {
            queue.add(new Repo(repo.path("id").asLong(), repo.path("full_name").asString()));
        }
        List<Long> seen = new ArrayList<>();
        stored.path("seen").forEach(id -> seen.add(id.asLong()));
        return new GitHubCursor(since, new Pass(instant(stored.path("started")), stored.path("repos_page").asInt(1),
                stored.path("more_repos").asBoolean(false), queue,
                Resource.fromWireName(stored.path("resource").asString()), instant(stored.path("from")),
                stored.path("page").asInt(1), seen));
    }

    /** This cursor with {@code pass} under way. */
    GitHubCursor with(Pass next) {
        return new GitHubCursor(since, next);
    }

    /** The cursor after the pass ended: the next pass starts where this one started. */
    GitHubCursor passDone() {
        return new GitHubCursor(pass == null || pass.started() == null ? since : pass.started(), null);
    }

    JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (since != null) {
            json.put("since", since.toString());
        }
        if (pass == null) {
            return json;
        }
        if (pass.started() != null) {
            json.put("started", pass.started().toString());
        }
        json.put("repos_page", pass.reposPage()).put("more_repos", pass.moreRepos());
        ArrayNode queue = json.putArray("queue");
        pass.queue().forEach(r -> queue.addObject().put("id", r.id()).put("full_name", r.fullName()));
        json.put("resource", pass.resource().wireName());
        if (pass.from() != null) {
            json.put("from", pass.from().toString());
        }
        json.put("page", pass.page());
        ArrayNode seen = json.putArray("seen");
        pass.seen().forEach(seen::add);
        return json;
    }

    private static Instant instant(JsonNode node) {
        return node.isString() ? Instant.parse(node.stringValue()) : null;
    }
}
