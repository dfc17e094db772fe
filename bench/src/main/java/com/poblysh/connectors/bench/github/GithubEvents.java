package com.poblysh.connectors.bench.github;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;

import com.poblysh.connectors.processor.normalize.Titles;

/**
 * Realistic GitHub webhook deliveries for the load: the event types a connected organisation sends most (push,
 * pull_request, issues, issue_comment, pull_request_review, release), shaped like GitHub's payloads (full
 * repository and sender objects, which make up most of a real delivery), 2-8 KB each. Every event yields exactly
 * one signal, described next to it (identity included) so a plain-JDBC baseline can write the very row the
 * processor writes: a push carries one commit (the processor makes one signal per commit), and ids that name a
 * change (comments, reviews) come from the event's index, so no two events of a run are the same change. Each
 * names its organization, as an organization hook's deliveries do.
 * Event {@code i} of a seed is always the same apart from its timestamp.
 */
public final class GithubEvents {

    private static final String[] WORDS = ("the a fix add update remove refactor test docs build ci flaky cache "
            + "retry timeout webhook signal tenant query index partition batch listener consumer producer schema "
            + "registry cursor page filter connection token secret rotate migrate deploy release bump version "
            + "dependency security patch error handler null pointer race condition deadlock memory leak latency "
            + "throughput benchmark profile optimize log trace metric dashboard alert on-call incident review "
            + "approve merge conflict rebase branch main feature flag rollout rollback").split(" ");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String[] ORGS = {"acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne",
            "wonka"};
    private static final String[] REPOS = {"api", "web", "mobile", "infra", "billing", "search", "auth", "docs",
            "pipeline", "design-system"};
    private static final String[] USERS = {"octocat", "hubot", "monalisa", "defunkt", "mojombo", "pjhyett",
            "wycats", "ezmobius", "ivey", "evanphx", "vanpelt", "wayneeseguin", "brynary", "kevinclark",
            "technoweenie", "macournoyer"};

    /** Kinds in the order of {@link #pick(SplittableRandom)}'s cumulative weights. */
    private static final int[] CUMULATIVE = {30, 38, 53, 63, 69, 74, 86, 96, 100};

    private final long seed;

    public GithubEvents(long seed) {
        this.seed = seed;
    }

    /** Event {@code index} with all its timestamps at {@code at} (truncated to milliseconds, as GitHub sends). */
    public GithubEvent event(long index, Instant at) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        Instant when = at.truncatedTo(ChronoUnit.MILLIS);
        String ts = DateTimeFormatter.ISO_INSTANT.format(when);
        String org = ORGS[random.nextInt(ORGS.length)];
        String repo = REPOS[random.nextInt(REPOS.length)];
        String actor = USERS[random.nextInt(USERS.length)];
        String delivery = new UUID(random.nextLong(), random.nextLong()).toString();
        int number = 1 + random.nextInt(9000);
        String full = org + "/" + repo;
        String html = "https://github.com/" + full;
        StringBuilder b = new StringBuilder(8192);
        return switch (pick(random)) {
            case 0 -> push(random, b, ts, when, org, repo, actor, delivery);
            case 1 -> pullRequest(random, b, "opened", ts, when, org, repo, actor, delivery, number, "pr_opened");
            case 2 -> pullRequest(random, b, "synchronize", ts, when, org, repo, actor, delivery, number,
                    "pr_updated");
            case 3 -> pullRequest(random, b, "closed", ts, when, org, repo, actor, delivery, number, "pr_merged");
            case 4 -> issue(random, b, "opened", ts, when, org, repo, actor, delivery, number, "issue_created");
            case 5 -> issue(random, b, "closed", ts, when, org, repo, actor, delivery, number, "issue_closed");
            case 6 -> comment(random, b, ts, when, org, repo, actor, delivery, number, index);
            case 7 -> review(random, b, ts, when, org, repo, actor, delivery, number, index);
            default -> release(random, b, ts, when, org, repo, actor, delivery, html);
        };
    }

    private static int pick(SplittableRandom random) {
        int r = random.nextInt(100);
        for (int i = 0; i < CUMULATIVE.length; i++) {
            if (r < CUMULATIVE[i]) {
                return i;
            }
        }
        return CUMULATIVE.length - 1;
    }

    private static GithubEvent push(SplittableRandom random, StringBuilder b, String ts, Instant when, String org,
            String repo, String actor, String delivery) {
        String full = org + "/" + repo;
        String branch = random.nextInt(3) == 0 ? "main" : "feature/" + words(random, 2).replace(' ', '-');
        String before = sha(random);
        String after = sha(random);
        String compare = "https://github.com/" + full + "/compare/" + before.substring(0, 12) + "..."
                + after.substring(0, 12);
        b.append("{\"ref\":\"refs/heads/").append(branch).append("\",\"before\":\"").append(before)
                .append("\",\"after\":\"").append(after).append("\",");
        long repositoryId = repository(b, random, org, repo, ts);
        b.append(",\"pusher\":{\"name\":\"").append(actor).append("\",\"email\":\"").append(actor)
                .append("@users.noreply.github.com\"},");
        sender(b, actor);
        b.append(",\"created\":false,\"deleted\":false,\"forced\":false,\"base_ref\":null,\"compare\":\"")
                .append(compare).append("\",\"commits\":[");
        String message = capitalize(words(random, 3 + random.nextInt(12)));
        commitWith(b, after, message, random, full, actor, ts);
        b.append("],\"head_commit\":");
        commitWith(b, after, message, random, full, actor, ts);
        b.append('}');
        return new GithubEvent("push", delivery, bytes(b), "code_pushed", when, actor, Titles.snippet(message),
                "https://github.com/" + full + "/commit/" + after, "commit:" + repositoryId + ":" + after);
    }

    private static GithubEvent pullRequest(SplittableRandom random, StringBuilder b, String action, String ts,
            Instant when, String org, String repo, String actor, String delivery, int number, String kind) {
        String full = org + "/" + repo;
        String title = capitalize(words(random, 4 + random.nextInt(6)));
        String url = "https://github.com/" + full + "/pull/" + number;
        boolean merged = action.equals("closed");
        b.append("{\"action\":\"").append(action).append("\",\"number\":").append(number)
                .append(",\"pull_request\":{\"url\":\"https://api.github.com/repos/").append(full).append("/pulls/")
                .append(number).append("\",\"id\":").append(100_000_000 + random.nextInt(900_000_000))
                .append(",\"node_id\":\"PR_kwDO").append(Long.toHexString(random.nextLong()))
                .append("\",\"html_url\":\"").append(url).append("\",\"diff_url\":\"").append(url)
                .append(".diff\",\"patch_url\":\"").append(url).append(".patch\",\"issue_url\":\"https://api.github.com/repos/")
                .append(full).append("/issues/").append(number).append("\",\"number\":").append(number)
                .append(",\"state\":\"").append(merged ? "closed" : "open").append("\",\"locked\":false,\"title\":\"")
                .append(title).append("\",\"user\":");
        user(b, actor);
        b.append(",\"body\":\"").append(words(random, 20 + random.nextInt(120))).append("\",\"created_at\":\"")
                .append(ts).append("\",\"updated_at\":\"").append(ts).append("\",\"closed_at\":")
                .append(merged ? "\"" + ts + "\"" : "null").append(",\"merged_at\":")
                .append(merged ? "\"" + ts + "\"" : "null").append(",\"merge_commit_sha\":\"").append(sha(random))
                .append("\",\"assignee\":null,\"assignees\":[],\"requested_reviewers\":[],\"labels\":[],")
                .append("\"draft\":false,\"head\":{\"label\":\"").append(org).append(":feature\",\"ref\":\"feature\",")
                .append("\"sha\":\"").append(sha(random)).append("\"},\"base\":{\"label\":\"").append(org)
                .append(":main\",\"ref\":\"main\",\"sha\":\"").append(sha(random)).append("\"},")
                .append("\"author_association\":\"MEMBER\",\"merged\":").append(merged)
                .append(",\"mergeable\":null,\"comments\":").append(random.nextInt(20)).append(",\"review_comments\":")
                .append(random.nextInt(30)).append(",\"commits\":").append(1 + random.nextInt(12))
                .append(",\"additions\":").append(random.nextInt(900)).append(",\"deletions\":")
                .append(random.nextInt(400)).append(",\"changed_files\":").append(1 + random.nextInt(30)).append("},");
        long repositoryId = endWithRepositoryAndSender(b, random, org, repo, ts, actor);
        return new GithubEvent("pull_request", delivery, bytes(b), kind, when, actor, title, url,
                "pull_request:" + repositoryId + "#" + number + ":" + action + "@" + when);
    }

    private static GithubEvent issue(SplittableRandom random, StringBuilder b, String action, String ts,
            Instant when, String org, String repo, String actor, String delivery, int number, String kind) {
        String full = org + "/" + repo;
        String title = capitalize(words(random, 3 + random.nextInt(8)));
        String url = "https://github.com/" + full + "/issues/" + number;
        boolean closed = action.equals("closed");
        b.append("{\"action\":\"").append(action).append("\",");
        long issueId = issueObject(b, random, full, number, title, url, actor, ts, closed);
        b.append(',');
        endWithRepositoryAndSender(b, random, org, repo, ts, actor);
        return new GithubEvent("issues", delivery, bytes(b), kind, when, actor, title, url,
                "issue:" + issueId + ":" + action + "@" + when);
    }

    private static GithubEvent comment(SplittableRandom random, StringBuilder b, String ts, Instant when,
            String org, String repo, String actor, String delivery, int number, long index) {
        String full = org + "/" + repo;
        String title = capitalize(words(random, 3 + random.nextInt(8)));
        String issueUrl = "https://github.com/" + full + "/issues/" + number;
        long commentId = 1_000_000_000L + index;
        String url = issueUrl + "#issuecomment-" + commentId;
        b.append("{\"action\":\"created\",");
        issueObject(b, random, full, number, title, issueUrl, USERS[random.nextInt(USERS.length)], ts, false);
        b.append(",\"comment\":{\"url\":\"https://api.github.com/repos/").append(full).append("/issues/comments/")
                .append(commentId).append("\",\"html_url\":\"").append(url).append("\",\"id\":").append(commentId)
                .append(",\"user\":");
        user(b, actor);
        b.append(",\"created_at\":\"").append(ts).append("\",\"updated_at\":\"").append(ts)
                .append("\",\"author_association\":\"MEMBER\",\"body\":\"")
                .append(words(random, 10 + random.nextInt(80))).append("\"},");
        endWithRepositoryAndSender(b, random, org, repo, ts, actor);
        return new GithubEvent("issue_comment", delivery, bytes(b), "issue_comment", when, actor, title, url,
                "issue_comment:" + commentId + "@" + when);
    }

    /** The members every event ends with: its repository and sender, then the closing brace. Returns the repository id. */
    private static long endWithRepositoryAndSender(StringBuilder b, SplittableRandom random, String org, String repo,
            String ts, String actor) {
        long id = repository(b, random, org, repo, ts);
        b.append(',');
        sender(b, actor);
        b.append('}');
        return id;
    }

    private static GithubEvent review(SplittableRandom random, StringBuilder b, String ts, Instant when,
            String org, String repo, String actor, String delivery, int number, long index) {
        String full = org + "/" + repo;
        String title = capitalize(words(random, 4 + random.nextInt(6)));
        String prUrl = "https://github.com/" + full + "/pull/" + number;
        long reviewId = 2_000_000_000L + index;
        String url = prUrl + "#pullrequestreview-" + reviewId;
        b.append("{\"action\":\"submitted\",\"review\":{\"id\":").append(reviewId).append(",\"user\":");
        user(b, actor);
        b.append(",\"body\":\"").append(words(random, 5 + random.nextInt(60))).append("\",\"commit_id\":\"")
                .append(sha(random)).append("\",\"submitted_at\":\"").append(ts).append("\",\"state\":\"")
                .append(random.nextBoolean() ? "approved" : "commented").append("\",\"html_url\":\"").append(url)
                .append("\",\"author_association\":\"MEMBER\"},\"pull_request\":{\"url\":\"https://api.github.com/repos/")
                .append(full).append("/pulls/").append(number).append("\",\"html_url\":\"").append(prUrl)
                .append("\",\"number\":").append(number).append(",\"state\":\"open\",\"title\":\"").append(title)
                .append("\",\"user\":");
        user(b, USERS[random.nextInt(USERS.length)]);
        b.append(",\"created_at\":\"").append(ts).append("\",\"updated_at\":\"").append(ts).append("\"},");
        endWithRepositoryAndSender(b, random, org, repo, ts, actor);
        return new GithubEvent("pull_request_review", delivery, bytes(b), "pr_review", when, actor, title, url,
                "review:" + reviewId);
    }

    private static GithubEvent release(SplittableRandom random, StringBuilder b, String ts, Instant when,
            String org, String repo, String actor, String delivery, String html) {
        String tag = "v" + random.nextInt(10) + "." + random.nextInt(40) + "." + random.nextInt(20);
        String name = tag + " " + capitalize(words(random, 2));
        String url = html + "/releases/tag/" + tag;
        b.append("{\"action\":\"published\",\"release\":{\"url\":\"https://api.github.com/repos/").append(org)
                .append('/').append(repo).append("/releases/").append(random.nextInt(1_000_000))
                .append("\",\"html_url\":\"").append(url).append("\",\"tag_name\":\"").append(tag)
                .append("\",\"target_commitish\":\"main\",\"name\":\"").append(name)
                .append("\",\"draft\":false,\"prerelease\":false,\"author\":");
        user(b, actor);
        b.append(",\"created_at\":\"").append(ts).append("\",\"published_at\":\"").append(ts)
                .append("\",\"assets\":[],\"body\":\"").append(words(random, 30 + random.nextInt(100))).append("\"},");
        endWithRepositoryAndSender(b, random, org, repo, ts, actor);
        // the release object carries no id, so its signal is keyed by its delivery
        return new GithubEvent("release", delivery, bytes(b), "release_published", when, actor, name, url, null);
    }

    /** Appends GitHub's issue object; returns its id. */
    private static long issueObject(StringBuilder b, SplittableRandom random, String full, int number, String title,
            String url, String author, String ts, boolean closed) {
        String api = "https://api.github.com/repos/" + full + "/issues/" + number;
        long id = 400_000_000 + random.nextInt(500_000_000);
        b.append("\"issue\":{\"url\":\"").append(api).append("\",\"repository_url\":\"https://api.github.com/repos/")
                .append(full).append("\",\"labels_url\":\"").append(api).append("/labels{/name}\",\"comments_url\":\"")
                .append(api).append("/comments\",\"events_url\":\"").append(api).append("/events\",\"html_url\":\"")
                .append(url).append("\",\"id\":").append(id)
                .append(",\"number\":").append(number).append(",\"title\":\"").append(title).append("\",\"user\":");
        user(b, author);
        b.append(",\"labels\":[],\"state\":\"").append(closed ? "closed" : "open")
                .append("\",\"locked\":false,\"assignee\":null,\"assignees\":[],\"milestone\":null,\"comments\":")
                .append(random.nextInt(15)).append(",\"created_at\":\"").append(ts).append("\",\"updated_at\":\"")
                .append(ts).append("\",\"closed_at\":").append(closed ? "\"" + ts + "\"" : "null")
                .append(",\"author_association\":\"MEMBER\",\"body\":\"").append(words(random, 10 + random.nextInt(90)))
                .append("\"}");
        return id;
    }

    private static void commitWith(StringBuilder b, String id, String message, SplittableRandom random, String full,
            String actor, String ts) {
        b.append("{\"id\":\"").append(id).append("\",\"tree_id\":\"").append(sha(random))
                .append("\",\"distinct\":true,\"message\":\"").append(message)
                .append("\",\"timestamp\":\"").append(ts).append("\",\"url\":\"https://github.com/").append(full)
                .append("/commit/").append(id).append("\",\"author\":{\"name\":\"").append(actor)
                .append("\",\"email\":\"").append(actor).append("@users.noreply.github.com\",\"username\":\"")
                .append(actor).append("\"},\"committer\":{\"name\":\"GitHub\",\"email\":\"noreply@github.com\",")
                .append("\"username\":\"web-flow\"},\"added\":[],\"removed\":[],\"modified\":[\"src/")
                .append(WORDS[random.nextInt(WORDS.length)]).append(".java\"]}");
    }

    /** GitHub's repository object: the bulk of every delivery. Returns its id. */
    private static long repository(StringBuilder b, SplittableRandom random, String org, String repo, String ts) {
        String full = org + "/" + repo;
        String api = "https://api.github.com/repos/" + full;
        long id = 100_000 + random.nextInt(900_000);
        b.append("\"repository\":{\"id\":").append(id).append(",\"node_id\":\"R_kgDO")
                .append(Integer.toHexString(random.nextInt())).append("\",\"name\":\"").append(repo)
                .append("\",\"full_name\":\"").append(full).append("\",\"private\":true,\"owner\":");
        user(b, org);
        b.append(",\"html_url\":\"https://github.com/").append(full).append("\",\"description\":\"")
                .append(capitalize(words(random, 6))).append("\",\"fork\":false,\"url\":\"").append(api).append('"');
        for (String part : new String[] {"forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks",
                "issues/events{/number}", "events", "assignees{/user}", "branches{/branch}", "tags",
                "blobs{/sha}", "git/tags{/sha}", "git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}", "languages",
                "stargazers", "contributors", "subscribers", "subscription", "commits{/sha}", "git/commits{/sha}",
                "comments{/number}", "issues/comments{/number}", "contents/{+path}", "compare/{base}...{head}",
                "merges", "{archive_format}{/ref}", "downloads", "issues{/number}", "pulls{/number}",
                "milestones{/number}", "notifications{?since,all,participating}", "labels{/name}",
                "releases{/id}", "deployments"}) {
            String key = part.replaceAll("[{].*", "").replace("git/", "git_").replace("issues/", "issue_")
                    .replace("/", "").replace("{archive_format}", "archive");
            b.append(",\"").append(key.isEmpty() ? "archive" : key).append("_url\":\"").append(api).append('/')
                    .append(part).append('"');
        }
        b.append(",\"created_at\":\"2019-05-15T15:19:25Z\",\"updated_at\":\"").append(ts).append("\",\"pushed_at\":\"")
                .append(ts).append("\",\"git_url\":\"git://github.com/").append(full).append(".git\",\"ssh_url\":\"")
                .append("git@github.com:").append(full).append(".git\",\"clone_url\":\"https://github.com/")
                .append(full).append(".git\",\"homepage\":null,\"size\":").append(random.nextInt(100_000))
                .append(",\"stargazers_count\":").append(random.nextInt(500)).append(",\"watchers_count\":")
                .append(random.nextInt(500)).append(",\"language\":\"Java\",\"has_issues\":true,")
                .append("\"has_projects\":true,\"has_downloads\":true,\"has_wiki\":false,\"has_pages\":false,")
                .append("\"forks_count\":0,\"archived\":false,\"disabled\":false,\"open_issues_count\":")
                .append(random.nextInt(200)).append(",\"license\":null,\"visibility\":\"private\",")
                .append("\"default_branch\":\"main\"}");
        // an organization hook's delivery names its organization: what the tenant's connection is bound to
        b.append(",\"organization\":{\"login\":\"").append(org).append("\",\"id\":").append(organizationId(org))
                .append('}');
        return id;
    }

    /** The numeric GitHub id of the bench's organization {@code org}, as its deliveries carry it. */
    private static long organizationId(String org) {
        return 90_000_000L + java.util.Arrays.asList(ORGS).indexOf(org);
    }

    /** The ids of every organization the events come from, for the bench tenants' connections to be bound to. */
    public static java.util.List<String> organizationIds() {
        return java.util.Arrays.stream(ORGS).map(org -> Long.toString(organizationId(org))).toList();
    }

    private static void sender(StringBuilder b, String login) {
        b.append("\"sender\":");
        user(b, login);
    }

    private static void user(StringBuilder b, String login) {
        String api = "https://api.github.com/users/" + login;
        b.append("{\"login\":\"").append(login).append("\",\"id\":").append(Math.abs(login.hashCode() % 90_000_000))
                .append(",\"avatar_url\":\"https://avatars.githubusercontent.com/u/")
                .append(Math.abs(login.hashCode() % 90_000_000)).append("?v=4\",\"url\":\"").append(api)
                .append("\",\"html_url\":\"https://github.com/").append(login).append("\",\"followers_url\":\"")
                .append(api).append("/followers\",\"repos_url\":\"").append(api)
                .append("/repos\",\"type\":\"User\",\"site_admin\":false}");
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder s = new StringBuilder(count * 7);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String sha(SplittableRandom random) {
        char[] hex = new char[40];
        for (int i = 0; i < hex.length; i++) {
            hex[i] = HEX[random.nextInt(16)];
        }
        return new String(hex);
    }

    private static byte[] bytes(StringBuilder b) {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
