package com.poblysh.connectors.testkit.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A repository of the {@link FakeGitHubApi}: its issues and pull requests (one numbering, as on GitHub), their
 * comments and reviews, and its default branch's commits, each kept in the shape GitHub's REST API answers. Every
 * change is stamped with the fake's clock and moves the object's {@code updated_at} as GitHub does (a comment or a
 * review touches its issue or pull request).
 */
public final class GitHubRepository {

    private final FakeGitHubApi api;
    private final GitHubAccount owner;
    private final String name;
    private final long id;
    private final Map<Integer, ObjectNode> issues = new LinkedHashMap<>();
    private final List<ObjectNode> comments = new ArrayList<>();
    private final Map<Integer, List<ObjectNode>> reviews = new LinkedHashMap<>();
    private final List<ObjectNode> commits = new ArrayList<>();
    private final Map<Long, GitHubHook> hooks = new LinkedHashMap<>();
    private int lastNumber;
    private boolean removed;
    private boolean admin = true;

    GitHubRepository(FakeGitHubApi api, GitHubAccount owner, String name, long id) {
        this.api = api;
        this.owner = owner;
        this.name = name;
        this.id = id;
    }

    public long id() {
        return id;
    }

    /** {@code <owner>/<name>}. */
    public String fullName() {
        return owner.login() + "/" + name;
    }

    /** Opens an issue now; returns it as {@code GET …/issues/{number}} answers. */
    public ObjectNode openIssue(String title) {
        return open(title, false);
    }

    /** Opens a pull request now; the issues list shows it with a {@code pull_request} member. */
    public ObjectNode openPullRequest(String title) {
        return open(title, true);
    }

    /**
     * Stores {@code issue} as it is (e.g. the {@code issue} of a webhook fixture: the API answers the same object),
     * replacing the one of its number.
     */
    public ObjectNode putIssue(ObjectNode issue) {
        synchronized (api) {
            ObjectNode copy = issue.deepCopy();
            int number = copy.path("number").asInt();
            lastNumber = Math.max(lastNumber, number);
            issues.put(number, copy);
            return copy.deepCopy();
        }
    }

    /** Closes issue or pull request {@code number} now. */
    public GitHubRepository close(int number) {
        return change(number, issue -> issue.put("state", "closed").put("closed_at", now()));
    }

    /** Merges pull request {@code number} now (which closes it). */
    public GitHubRepository merge(int number) {
        return change(number, issue -> {
            ((ObjectNode) issue.path("pull_request")).put("merged_at", now());
            return issue.put("state", "closed").put("closed_at", now());
        });
    }

    /** Changes issue {@code number} now in a way the API does not show but {@code updated_at} (a label, an edit). */
    public GitHubRepository touch(int number) {
        return change(number, Function.identity());
    }

    /** Comments on issue or pull request {@code number} now. */
    public ObjectNode comment(int number, String body) {
        synchronized (api) {
            long commentId = api.nextId();
            ObjectNode comment = FakeGitHubApi.JSON.createObjectNode();
            comment.put("url", apiUrl() + "/issues/comments/" + commentId)
                    .put("html_url", htmlUrl() + "/issues/" + number + "#issuecomment-" + commentId)
                    .put("issue_url", apiUrl() + "/issues/" + number)
                    .put("id", commentId).put("node_id", "IC_" + commentId);
            comment.set("user", owner.userRef());
            comment.put("created_at", now()).put("updated_at", now()).put("author_association", "OWNER")
                    .put("body", body);
            comments.add(comment);
            change(number, issue -> issue.put("comments", issue.path("comments").asInt() + 1));
            return comment.deepCopy();
        }
    }

    /** Submits a review of pull request {@code number} now, e.g. {@code APPROVED}. */
    public ObjectNode review(int number, String state) {
        synchronized (api) {
            long reviewId = api.nextId();
            ObjectNode review = FakeGitHubApi.JSON.createObjectNode();
            review.put("id", reviewId).put("node_id", "PRR_" + reviewId);
            review.set("user", owner.userRef());
            review.put("body", "Looks good").put("state", state)
                    .put("html_url", htmlUrl() + "/pull/" + number + "#pullrequestreview-" + reviewId)
                    .put("pull_request_url", apiUrl() + "/pulls/" + number).put("author_association", "OWNER")
                    .put("submitted_at", now()).put("commit_id", sha(reviewId));
            reviews.computeIfAbsent(number, n -> new ArrayList<>()).add(review);
            touch(number);
            return review.deepCopy();
        }
    }

    /** Commits to the default branch now. */
    public ObjectNode commit(String message) {
        synchronized (api) {
            String sha = sha(api.nextId());
            ObjectNode commit = FakeGitHubApi.JSON.createObjectNode();
            commit.put("sha", sha).put("node_id", "C_" + sha);
            ObjectNode body = commit.putObject("commit");
            body.putObject("author").put("name", owner.login()).put("email", owner.login() + "@users.noreply.github.com")
                    .put("date", now());
            body.putObject("committer").put("name", "GitHub").put("email", "noreply@github.com").put("date", now());
            body.put("message", message).put("comment_count", 0);
            commit.put("url", apiUrl() + "/commits/" + sha).put("html_url", htmlUrl() + "/commit/" + sha)
                    .put("comments_url", apiUrl() + "/commits/" + sha + "/comments");
            commit.set("author", owner.userRef());
            commit.putObject("committer").put("login", "web-flow").put("id", 19864447).put("type", "User");
            commit.putArray("parents");
            commits.add(commit);
            return commit.deepCopy();
        }
    }

    /** Stores {@code commit} as it is (GitHub's shape of {@code GET …/commits}). */
    public ObjectNode putCommit(ObjectNode commit) {
        synchronized (api) {
            commits.add(commit.deepCopy());
            return commit.deepCopy();
        }
    }

    /**
     * From now on the account may read the repository but not administer it: {@code permissions.admin} is false and
     * creating a hook answers 403, as GitHub answers a token without admin rights.
     */
    public GitHubRepository withoutAdmin() {
        synchronized (api) {
            admin = false;
            return this;
        }
    }

    /** The repository's webhooks now, oldest first. */
    public List<GitHubHook> hooks() {
        synchronized (api) {
            return List.copyOf(hooks.values());
        }
    }

    /**
     * Sends {@code event} with {@code payload} (its {@code repository} added when absent) to every active hook
     * subscribed to it, as GitHub does on a change; returns the deliveries made.
     */
    public List<GitHubHook.Delivery> deliver(String event, ObjectNode payload) {
        return hooks().stream().flatMap(hook -> hook.deliver(event, payload).stream()).toList();
    }

    /** {@code issues} {@code opened} of issue {@code number} as GitHub's webhook sends it, to every hook. */
    public List<GitHubHook.Delivery> deliverIssueOpened(int number) {
        ObjectNode payload = FakeGitHubApi.JSON.createObjectNode();
        payload.put("action", "opened");
        payload.set("issue", issue(number).orElseThrow(() -> new IllegalArgumentException(fullName()
                + " has no issue #" + number)));
        payload.set("repository", json());
        payload.set("sender", owner.userRef());
        return deliver("issues", payload);
    }

    /** From now on the repository answers 404, as a deleted one (and the account no longer lists it). */
    public void remove() {
        synchronized (api) {
            removed = true;
        }
    }

    /** The issues and pull requests as they are now, by number. */
    public List<ObjectNode> allIssues() {
        synchronized (api) {
            return issues.values().stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** The issue comments as they are now, oldest first. */
    public List<ObjectNode> allComments() {
        synchronized (api) {
            return comments.stream().map(ObjectNode::deepCopy).toList();
        }
    }

    /** The reviews of every pull request, oldest first. */
    public List<ObjectNode> allReviews() {
        synchronized (api) {
            return reviews.values().stream().flatMap(List::stream).map(ObjectNode::deepCopy).toList();
        }
    }

    /** The default branch's commits, in the order they were made. */
    public List<ObjectNode> allCommits() {
        synchronized (api) {
            return commits.stream().map(ObjectNode::deepCopy).toList();
        }
    }

    boolean removed() {
        return removed;
    }

    boolean admin() {
        return admin;
    }

    Map<Long, GitHubHook> hookMap() {
        return hooks;
    }

    String apiUrlOf() {
        return apiUrl();
    }

    ObjectNode json() {
        ObjectNode repo = FakeGitHubApi.JSON.createObjectNode();
        repo.put("id", id).put("node_id", "R_" + id).put("name", name).put("full_name", fullName())
                .put("private", false);
        repo.set("owner", owner.userRef());
        repo.put("html_url", htmlUrl()).put("url", apiUrl()).put("fork", false).put("default_branch", "main");
        repo.putObject("permissions").put("admin", admin).put("push", true).put("pull", true);
        return repo;
    }

    /** The issues list: {@code state} (default open), {@code updated_at >= since}, sorted as asked. */
    List<ObjectNode> issues(String state, Instant since, String sort, String direction) {
        String wanted = state == null ? "open" : state;
        String key = "updated".equals(sort) ? "updated_at" : "comments".equals(sort) ? "comments" : "created_at";
        Comparator<ObjectNode> order = Comparator.<ObjectNode, String>comparing(i -> i.path(key).asString())
                .thenComparingInt(i -> i.path("number").asInt());
        if (!"asc".equals(direction)) {
            order = order.reversed();
        }
        return issues.values().stream()
                .filter(i -> wanted.equals("all") || wanted.equals(i.path("state").asString()))
                .filter(i -> since == null || !Instant.parse(i.path("updated_at").asString()).isBefore(since))
                .sorted(order).map(ObjectNode::deepCopy).toList();
    }

    Optional<ObjectNode> issue(int number) {
        return Optional.ofNullable(issues.get(number)).map(ObjectNode::deepCopy);
    }

    /** The repository's issue comments: {@code updated_at >= since}, by creation (or update) time, ascending. */
    List<ObjectNode> comments(Instant since, String sort, String direction) {
        String key = "updated".equals(sort) ? "updated_at" : "created_at";
        Comparator<ObjectNode> order = Comparator.<ObjectNode, String>comparing(c -> c.path(key).asString())
                .thenComparingLong(c -> c.path("id").asLong());
        if ("desc".equals(direction)) {
            order = order.reversed();
        }
        return comments.stream()
                .filter(c -> since == null || !Instant.parse(c.path("updated_at").asString()).isBefore(since))
                .sorted(order).map(ObjectNode::deepCopy).toList();
    }

    /** The reviews of pull request {@code number}, oldest first; empty when there is no such pull request. */
    Optional<List<ObjectNode>> reviews(int number) {
        ObjectNode pr = issues.get(number);
        if (pr == null || !pr.has("pull_request")) {
            return Optional.empty();
        }
        return Optional.of(reviews.getOrDefault(number, List.of()).stream().map(ObjectNode::deepCopy).toList());
    }

    /** The default branch's commits with a committer date at or after {@code since}, newest first; null: none yet. */
    List<ObjectNode> commits(Instant since) {
        if (commits.isEmpty()) {
            return null;
        }
        return commits.stream()
                .filter(c -> since == null || !committed(c).isBefore(since))
                .sorted(Comparator.comparing(GitHubRepository::committed).reversed())
                .map(ObjectNode::deepCopy).toList();
    }

    private static Instant committed(JsonNode commit) {
        return Instant.parse(commit.path("commit").path("committer").path("date").asString());
    }

    private ObjectNode open(String title, boolean pullRequest) {
        synchronized (api) {
            int number = ++lastNumber;
            long issueId = api.nextId();
            ObjectNode issue = FakeGitHubApi.JSON.createObjectNode();
            issue.put("url", apiUrl() + "/issues/" + number).put("repository_url", apiUrl())
                    .put("html_url", htmlUrl() + (pullRequest ? "/pull/" : "/issues/") + number)
                    .put("id", issueId).put("node_id", "I_" + issueId).put("number", number).put("title", title);
            issue.set("user", owner.userRef());
            issue.putArray("labels");
            issue.put("state", "open").put("locked", false).putNull("assignee");
            issue.putArray("assignees");
            issue.putNull("milestone");
            issue.put("comments", 0).put("created_at", now()).put("updated_at", now()).putNull("closed_at")
                    .put("author_association", "OWNER").put("body", title + ", described");
            if (pullRequest) {
                issue.putObject("pull_request").put("url", apiUrl() + "/pulls/" + number)
                        .put("html_url", htmlUrl() + "/pull/" + number)
                        .put("diff_url", htmlUrl() + "/pull/" + number + ".diff")
                        .put("patch_url", htmlUrl() + "/pull/" + number + ".patch").putNull("merged_at");
            }
            issues.put(number, issue);
            return issue.deepCopy();
        }
    }

    private GitHubRepository change(int number, Function<ObjectNode, ObjectNode> change) {
        synchronized (api) {
            ObjectNode issue = issues.get(number);
            if (issue == null) {
                throw new IllegalArgumentException(fullName() + " has no issue #" + number);
            }
            change.apply(issue).put("updated_at", now());
            return this;
        }
    }

    private String now() {
        return api.now().toString();
    }

    private String apiUrl() {
        return api.baseUrl() + "/repos/" + fullName();
    }

    private String htmlUrl() {
        return "https://github.com/" + fullName();
    }

    private static String sha(long seed) {
        byte[] bytes = new byte[20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed >>> ((i % 8) * 8) ^ (i * 31));
        }
        return HexFormat.of().formatHex(bytes);
    }
}
