package com.poblysh.connectors.ingest.polling.github;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.PollExecutor;
import com.poblysh.connectors.ingest.jobs.PollPage;
import com.poblysh.connectors.ingest.jobs.PolledEvent;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import com.poblysh.connectors.ingest.polling.github.GitHubApi.Answer;
import com.poblysh.connectors.ingest.polling.github.GitHubCursor.Pass;
import com.poblysh.connectors.ingest.polling.github.GitHubCursor.Repo;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Polls a GitHub connection through the REST API, one request per page of the sync engine: a pass lists the
 * repositories the token can read ({@code GET /user/repos}) and reads, for each, its issues and pull requests
 * updated since the pass's lower bound ({@code /issues?state=all&sort=updated&direction=asc&since=}), with the
 * reviews of each pull request among them ({@code /pulls/{number}/reviews}), its issue and pull request comments
 * ({@code /issues/comments?sort=updated&direction=asc&since=}) and its default branch's commits
 * ({@code /commits?since=}). Each object is published as the API returns it, under {@code api.issue},
 * {@code api.issue_comment}, {@code api.pull_request_review} or {@code api.commit}, with its repository (and issue or
 * pull request) under {@code _poblysh}; the processor turns it into the signals its webhook gives, under the same
 * identities. Where a pass stands is {@link GitHubCursor}; how answers become retries is {@link GitHubApi}.
 */
@Component
@EnableConfigurationProperties(GitHubPollingProperties.class)
class GitHubPollExecutor implements PollExecutor {

    static final String ISSUE = "api.issue";
    static final String ISSUE_COMMENT = "api.issue_comment";
    static final String REVIEW = "api.pull_request_review";
    static final String COMMIT = "api.commit";
    /**
     * A pass reads from a minute before the previous pass started: an object GitHub stamped just before that start
     * but had not yet committed is read again rather than missed (the second copy adds no signal).
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    /** Reviews of one pull request read at most, 100 a page: more than any real one has. */
    static final int MAX_REVIEW_PAGES = 30;

    private final GitHubPollingProperties properties;
    private final AccessTokens tokens;
    private final JsonMapper json;
    private final Clock clock;
    private final GitHubApi api;
    private final IssueTitles titles = new IssueTitles();

    GitHubPollExecutor(GitHubPollingProperties properties, AccessTokens tokens, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        this.api = new GitHubApi(properties, new RateLimits(clock), json);
    }

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public PollPage poll(PollContext context) throws PollException {
        GitHubCursor cursor = GitHubCursor.parse(context.cursor());
        String token = PollingHttp.accessToken(tokens, context);
        Read read = new Read(context.connectionId(), token, cursor.since() == null ? null
                : cursor.since().minus(OVERLAP));
        Pass pass = cursor.pass() == null ? Pass.first() : cursor.pass();
        if (pass.queue().isEmpty()) {
            return repositories(read, cursor, pass);
        }
        return switch (pass.resource()) {
            case ISSUES -> issues(read, cursor, pass);
            case COMMENTS -> comments(read, cursor, pass);
            case COMMITS -> commits(read, cursor, pass);
        };
    }

    /** What one page reads with: the connection, its token and the pass's lower bound (null: everything). */
    private record Read(UUID connection, String token, Instant lowerBound) {
    }

    private PollPage repositories(Read read, GitHubCursor cursor, Pass pass) throws PollException {
        Answer answer = api.get(read.connection(), read.token(), api.uri("/user/repos?sort=full_name&per_page="
                + properties.pageSize() + "&page=" + pass.reposPage()), Set.of());
        Pass started = pass.started(answer.date().orElse(clock.instant()));
        List<Repo> repos = new ArrayList<>();
        for (JsonNode repo : answer.body()) {
            repos.add(new Repo(repo.path("id").asLong(), repo.path("full_name").asString()));
        }
        if (repos.isEmpty()) {
            return PollPage.last(List.of(), cursor.with(started).passDone().toJson());
        }
        return PollPage.more(List.of(), cursor.with(started.listed(repos, answer.links().hasNext())).toJson());
    }

    private PollPage issues(Read read, GitHubCursor cursor, Pass pass) throws PollException {
        Repo repo = pass.repo();
        Instant bound = pass.from() != null ? pass.from() : read.lowerBound();
        Answer answer = api.get(read.connection(), read.token(), api.uri("/repos/" + repo.fullName()
                + "/issues?state=all&sort=updated&direction=asc&per_page=" + properties.pageSize() + "&page="
                + pass.page() + since(bound)), Set.of(410));
        if (answer.status() == 410) { // issues are turned off in this repository
            return next(cursor, pass, pass.resourceDone(), List.of());
        }
        List<PolledEvent> events = new ArrayList<>();
        for (JsonNode issue : answer.body()) {
            Instant updated = Instant.parse(issue.path("updated_at").asString());
            titles.put(read.connection(), issue.path("url").asString(null), issue.path("title").asString(null));
            if (alreadyPublished(pass, issue, updated)) {
                continue;
            }
            events.add(event(ISSUE, "issue:" + issue.path("id").asLong() + "@" + updated, issue, context(repo)));
            if (issue.path("pull_request").isObject()) {
                events.addAll(reviews(read, repo, issue));
            }
        }
        return next(cursor, pass, following(pass, bound, answer), events);
    }

    private List<PolledEvent> reviews(Read read, Repo repo, JsonNode pr) throws PollException {
        ObjectNode context = context(repo);
        context.putObject("pull_request").put("number", pr.path("number").asInt())
                .put("title", pr.path("title").asString(null)).put("html_url", pr.path("html_url").asString(null));
        List<PolledEvent> events = new ArrayList<>();
        for (int page = 1; page <= MAX_REVIEW_PAGES; page++) {
            Answer answer = api.get(read.connection(), read.token(), api.uri("/repos/" + repo.fullName() + "/pulls/"
                    + pr.path("number").asInt() + "/reviews?per_page=100&page=" + page), Set.of(404));
            if (answer.status() == 404) {
                break;
            }
            for (JsonNode review : answer.body()) {
                String submitted = review.path("submitted_at").asString(null);
                if (submitted != null && read.lowerBound() != null
                        && Instant.parse(submitted).isBefore(read.lowerBound())) {
                    continue; // published by an earlier pass
                }
                events.add(event(REVIEW, "review:" + review.path("id").asLong() + "@"
                        + (submitted == null ? review.path("state").asString("pending").toLowerCase(Locale.ROOT)
                        : Instant.parse(submitted).toString()), review, context));
            }
            if (!answer.links().hasNext()) {
                break;
            }
        }
        return events;
    }

    private PollPage comments(Read read, GitHubCursor cursor, Pass pass) throws PollException {
        Repo repo = pass.repo();
        Instant bound = pass.from() != null ? pass.from() : read.lowerBound();
        Answer answer = api.get(read.connection(), read.token(), api.uri("/repos/" + repo.fullName()
                + "/issues/comments?sort=updated&direction=asc&per_page=" + properties.pageSize() + "&page="
                + pass.page() + since(bound)), Set.of(410));
        if (answer.status() == 410) {
            return next(cursor, pass, pass.resourceDone(), List.of());
        }
        List<PolledEvent> events = new ArrayList<>();
        Map<String, Optional<String>> fetched = new HashMap<>();
        for (JsonNode comment : answer.body()) {
            Instant updated = Instant.parse(comment.path("updated_at").asString());
            if (alreadyPublished(pass, comment, updated)) {
                continue;
            }
            String issueUrl = comment.path("issue_url").asString(null);
            ObjectNode context = context(repo);
            ObjectNode issue = context.putObject("issue");
            if (issueUrl != null) {
                String number = issueUrl.substring(issueUrl.lastIndexOf('/') + 1);
                if (number.matches("\\d{1,9}")) {
                    issue.put("number", Integer.parseInt(number));
                }
                title(read, issueUrl, fetched).ifPresent(title -> issue.put("title", title));
            }
            events.add(event(ISSUE_COMMENT, "issue_comment:" + comment.path("id").asLong() + "@" + updated, comment,
                    context));
        }
        return next(cursor, pass, following(pass, bound, answer), events);
    }

    /** The title of the issue a comment is on: read with the issues moments ago, else fetched once per page. */
    private Optional<String> title(Read read, String issueUrl, Map<String, Optional<String>> fetched)
            throws PollException {
        Optional<String> known = titles.get(read.connection(), issueUrl);
        if (known.isPresent() || !api.ours(issueUrl)) {
            return known;
        }
        if (!fetched.containsKey(issueUrl)) {
            Answer answer = api.get(read.connection(), read.token(), URI.create(issueUrl), Set.of(404, 410));
            Optional<String> title = answer.status() / 100 == 2 ? Optional.ofNullable(answer.body().path("title")
                    .asString(null)) : Optional.empty();
            title.ifPresent(t -> titles.put(read.connection(), issueUrl, t));
            fetched.put(issueUrl, title);
        }
        return fetched.get(issueUrl);
    }

    private PollPage commits(Read read, GitHubCursor cursor, Pass pass) throws PollException {
        Repo repo = pass.repo();
        Answer answer = api.get(read.connection(), read.token(), api.uri("/repos/" + repo.fullName()
                + "/commits?per_page=" + properties.pageSize() + "&page=" + pass.page()
                + since(read.lowerBound())), Set.of(409));
        if (answer.status() == 409) { // an empty repository has no commits to list
            return next(cursor, pass, pass.resourceDone(), List.of());
        }
        List<PolledEvent> events = new ArrayList<>();
        for (JsonNode commit : answer.body()) {
            events.add(event(COMMIT, "commit:" + repo.id() + ":" + commit.path("sha").asString(), commit,
                    context(repo)));
        }
        // newest first under a fixed bound: a commit pushed meanwhile shifts items to later pages (read twice, not
        // lost) and is read by the next pass
        return next(cursor, pass, answer.links().hasNext() ? pass.nextPage() : pass.resourceDone(), events);
    }

    /**
     * Where the next request of an {@code updated_at}-ordered resource starts: at the page's latest time
     * (inclusive, its ids there skipped), or on the next page when the whole page had the bound's time.
     */
    private static Pass following(Pass pass, Instant bound, Answer answer) {
        if (!answer.links().hasNext() || answer.body().isEmpty()) {
            return pass.resourceDone();
        }
        Instant latest = null;
        for (JsonNode item : answer.body()) {
            Instant updated = Instant.parse(item.path("updated_at").asString());
            latest = latest == null || updated.isAfter(latest) ? updated : latest;
        }
        if (bound != null && !latest.isAfter(bound)) {
            return pass.nextPage();
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode item : answer.body()) {
            if (Instant.parse(item.path("updated_at").asString()).equals(latest)) {
                ids.add(item.path("id").asLong());
            }
        }
        return pass.from(latest, ids);
    }

    /** Whether the previous page ended with this very item at this very time. */
    private static boolean alreadyPublished(Pass pass, JsonNode item, Instant updated) {
        return pass.page() == 1 && updated.equals(pass.from()) && pass.seen().contains(item.path("id").asLong());
    }

    /** The page's answer: more to come with {@code next}, or the end of the pass (the next pass's bound). */
    private static PollPage next(GitHubCursor cursor, Pass current, Pass next, List<PolledEvent> events) {
        if (next == null) {
            return PollPage.last(events, cursor.with(current).passDone().toJson());
        }
        return PollPage.more(events, cursor.with(next).toJson());
    }

    private PolledEvent event(String type, String deliveryId, JsonNode object, ObjectNode context) {
        ObjectNode payload = ((ObjectNode) object).deepCopy();
        payload.set("_poblysh", context);
        return new PolledEvent(type, deliveryId, json.writeValueAsBytes(payload));
    }

    private ObjectNode context(Repo repo) {
        ObjectNode context = json.createObjectNode();
        context.putObject("repository").put("id", repo.id()).put("full_name", repo.fullName());
        return context;
    }

    private static String since(Instant bound) {
        return bound == null ? "" : "&since=" + bound;
    }
}
