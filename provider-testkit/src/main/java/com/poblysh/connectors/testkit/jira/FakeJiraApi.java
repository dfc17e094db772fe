package com.poblysh.connectors.testkit.jira;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.testkit.FakeServer;
import com.poblysh.connectors.testkit.JiraWebhooks;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Atlassian's cloud API ({@code https://api.atlassian.com}) that behaves like the real one for
 * what polling reads: {@code GET /oauth/token/accessible-resources} by bearer token, and per site
 * ({@code /ex/jira/{cloudId}/rest/api/3/...}) {@code myself} (the user's time zone), the enhanced JQL search
 * {@code search/jql} (GET or POST; {@code updated >= "yyyy-MM-dd HH:mm"} read in the user's time zone at minute
 * precision, {@code ORDER BY updated ASC}, unbounded queries refused, {@code nextPageToken} paging,
 * {@code expand=changelog} with the most recent histories first, {@code fields}), and the paged
 * {@code issue/{id}/changelog} and {@code issue/{id}/comment}. Every answer carries a {@code Date} header from the
 * fake's clock. Faults are injected per site: an answer with any status and headers (429 with {@code Retry-After},
 * 500, 401) for the n-th search from now on, expired page tokens. Unknown tokens get 401, unknown sites 404.
 * Each site also serves the dynamic webhooks of an OAuth 2.0 app ({@code webhook}, {@code webhook/refresh}: see
 * {@link SiteWebhooks}), which expire 30 days after registration or refresh by the fake's clock and deliver to
 * their URL signed as Jira signs them ({@link JiraWebhook#deliver}).
 */
public final class FakeJiraApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SITE_PATH = Pattern.compile("/ex/jira/([^/]+)/rest/api/3/(.+)");
    private static final Pattern ISSUE_PATH = Pattern.compile("issue/([^/]+)/(changelog|comment)");
    private static final Pattern JQL = Pattern.compile(
            "updated >= \"(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2})\" ORDER BY updated ASC(, key ASC)?");
    private static final DateTimeFormatter JQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final FakeServer server;
    private final Clock clock;
    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
    private final AtomicLong webhookIds = new AtomicLong(1000);
    private volatile String appIssuer = JiraWebhooks.ISSUER;
    private volatile String appSecret = JiraWebhooks.CLIENT_SECRET;

    private FakeJiraApi(Clock clock) {
        this.clock = clock;
        this.server = FakeServer.start(clock, this::answer);
    }

    /** A started fake whose clock is the system's. */
    public static FakeJiraApi start() {
        return start(Clock.systemUTC());
    }

    /** A started fake whose {@code Date} headers come from {@code clock}. */
    public static FakeJiraApi start(Clock clock) {
        return new FakeJiraApi(clock);
    }

    /** The stand-in for {@code https://api.atlassian.com}, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return server.url("");
    }

    /** A new site ({@code https://<name>.atlassian.net}) whose user works in {@code timeZone}. */
    public Site site(String name, ZoneId timeZone) {
        Site site = new Site(UUID.randomUUID().toString(), "https://" + name + ".atlassian.net", name, timeZone);
        sites.put(site.cloudId, site);
        return site;
    }

    /**
     * The OAuth 2.0 app whose webhook deliveries the fake signs: the JWT's {@code iss} and the client secret it is
     * signed with (by default {@link JiraWebhooks#ISSUER} and {@link JiraWebhooks#CLIENT_SECRET}).
     */
    public FakeJiraApi app(String issuer, String clientSecret) {
        this.appIssuer = issuer;
        this.appSecret = clientSecret;
        return this;
    }

    String appIssuer() {
        return appIssuer;
    }

    String appSecret() {
        return appSecret;
    }

    /** Lets {@code token} read {@code sites} (what the OAuth grant allowed); other tokens get 401. */
    public FakeJiraApi grant(String token, Site... sites) {
        Set<String> ids = grants.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet());
        for (Site site : sites) {
            ids.add(site.cloudId);
        }
        return this;
    }

    /** {@code token} no longer reaches {@code site} (a site admin removed the app, or the user lost access). */
    public FakeJiraApi ungrant(String token, Site site) {
        Set<String> ids = grants.get(token);
        if (ids != null) {
            ids.remove(site.cloudId);
        }
        return this;
    }

    /** Refuses {@code token} from now on (an expired or revoked access token). */
    public FakeJiraApi revoke(String token) {
        grants.remove(token);
        return this;
    }

    /** Every request answered so far, oldest first. */
    public List<FakeServer.Request> requests() {
        return server.requests();
    }

    /** The requests made with {@code token}. */
    public List<FakeServer.Request> requests(String token) {
        return server.requests(token);
    }

    @Override
    public void close() {
        server.close();
    }

    private MockResponse answer(RecordedRequest request, FakeServer.Request logged) {
        String token = logged.token();
        String path = logged.path();
        Set<String> granted = token == null ? null : grants.get(token);
        if (granted == null) {
            return json(401, "{\"code\":401,\"message\":\"Unauthorized\"}", Map.of());
        }
        if (path.equals("/oauth/token/accessible-resources")) {
            ArrayNode resources = JSON.createArrayNode();
            granted.stream().sorted().map(sites::get).forEach(site -> resources.addObject()
                    .put("id", site.cloudId).put("url", site.url).put("name", site.name)
                    .put("avatarUrl", "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png")
                    .set("scopes", JSON.createArrayNode().add("read:jira-work").add("read:jira-user")));
            return json(200, resources.toString(), Map.of());
        }
        Matcher m = SITE_PATH.matcher(path);
        if (!m.matches()) {
            return json(404, "{\"errorMessages\":[\"Not found\"]}", Map.of());
        }
        Site site = sites.get(m.group(1));
        if (site == null || !granted.contains(site.cloudId)) {
            return json(404, "{\"errorMessages\":[\"Site not found\"]}", Map.of());
        }
        return site.answer(request, m.group(2));
    }

    MockResponse json(int code, String body, Map<String, String> headers) {
        return server.json(code, "application/json;charset=UTF-8", body, headers);
    }

    /** An answer a site gives once instead of the normal one. */
    private record Fault(int status, Map<String, String> headers, String body) {
    }

    /** One Jira Cloud site and its issues. */
    public final class Site {

        private final String cloudId;
        private final String url;
        private final String name;
        private final ZoneId timeZone;
        private final List<Issue> issues = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger(10000);
        private final Map<Integer, Fault> searchFaults = new ConcurrentHashMap<>();
        private final AtomicInteger searches = new AtomicInteger();
        private volatile int tokenEpoch;
        private volatile int changelogLimit = 100;
        private volatile int commentLimit = 50;
        private final SiteWebhooks webhooks;

        private Site(String cloudId, String url, String name, ZoneId timeZone) {
            this.cloudId = cloudId;
            this.url = url;
            this.name = name;
            this.timeZone = timeZone;
            this.webhooks = new SiteWebhooks(FakeJiraApi.this, clock, webhookIds);
        }

        /** The site's registered webhooks that have not expired, oldest first. */
        public List<JiraWebhook> webhooks() {
            return webhooks.live();
        }

        /** The next webhook registration is refused with {@code error} in Jira's 200 answer. */
        public Site refuseNextWebhook(String error) {
            webhooks.refuseNext(error);
            return this;
        }

        /** Deletes the webhook {@code id} at Jira (as an admin or Jira itself may); false when there was none. */
        public boolean dropWebhook(long id) {
            return webhooks.drop(id);
        }

        public String cloudId() {
            return cloudId;
        }

        /** The site's own address, e.g. {@code https://acme.atlassian.net}. */
        public String url() {
            return url;
        }

        /** A new issue {@code key}, created by {@code author} at {@code created}. */
        public Issue createIssue(String key, String summary, String author, Instant created) {
            Issue issue = new Issue(this, String.valueOf(ids.incrementAndGet()), key, summary, author, created);
            issues.add(issue);
            return issue;
        }

        /**
         * The {@code n}-th search of this site from now on (1 = the next one) is answered with {@code status},
         * {@code headers} and {@code body} instead of its page, once.
         */
        public Site failSearch(int n, int status, Map<String, String> headers, String body) {
            searchFaults.put(searches.get() + n, new Fault(status, headers, body));
            return this;
        }

        /** Every page token handed out so far is refused from now on (they expire after 7 days). */
        public Site expirePageTokens() {
            tokenEpoch++;
            return this;
        }

        /** How many histories the search's {@code changelog} holds at most (Jira: the most recent ones). */
        public Site changelogLimit(int limit) {
            changelogLimit = limit;
            return this;
        }

        /** How many comments the search's {@code comment} field holds at most. */
        public Site commentLimit(int limit) {
            commentLimit = limit;
            return this;
        }

        /** The search requests this site answered (faults included). */
        public int searches() {
            return searches.get();
        }

        /** The REST address of {@code path} through the cloud API, as Jira writes it in {@code self}. */
        String self(String path) {
            return baseUrl() + "/ex/jira/" + cloudId + "/rest/api/3/" + path;
        }

        String nextId() {
            return String.valueOf(ids.incrementAndGet());
        }

        String time(Instant instant) {
            return JIRA_TIME.format(instant.atZone(timeZone));
        }

        private MockResponse answer(RecordedRequest request, String resource) {
            HttpUrl url = request.getUrl();
            if (resource.equals("myself")) {
                return json(200, JSON.createObjectNode().put("accountId", "5b10a2844c20165700ede21g")
                        .put("displayName", "Poblysh Connector").put("timeZone", timeZone.getId()).toString(),
                        Map.of());
            }
            if (resource.equals("search/jql")) {
                return search(request);
            }
            if (resource.equals("webhook") || resource.equals("webhook/refresh")) {
                return webhooks.answer(request, resource);
            }
            Matcher m = ISSUE_PATH.matcher(resource);
            if (m.matches()) {
                Issue issue = issues.stream().filter(i -> i.id.equals(m.group(1)) || i.key.equals(m.group(1)))
                        .findFirst().orElse(null);
                if (issue == null) {
                    return json(404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission "
                            + "to see it.\"]}", Map.of());
                }
                int startAt = intParam(url, "startAt", 0);
                int maxResults = Math.min(intParam(url, "maxResults", 50), 100);
                if (m.group(2).equals("changelog")) {
                    List<History> all = issue.histories;
                    ArrayNode values = JSON.createArrayNode();
                    all.stream().skip(startAt).limit(maxResults).forEach(h -> values.add(h.json()));
                    ObjectNode page = JSON.createObjectNode().put("maxResults", maxResults).put("startAt", startAt)
                            .put("total", all.size()).put("isLast", startAt + maxResults >= all.size());
                    page.set("values", values);
                    return json(200, page.toString(), Map.of());
                }
                List<Comment> all = issue.comments;
                ArrayNode comments = JSON.createArrayNode();
                all.stream().skip(startAt).limit(maxResults).forEach(c -> comments.add(c.json()));
                ObjectNode page = JSON.createObjectNode().put("startAt", startAt).put("maxResults", maxResults)
                        .put("total", all.size());
                page.set("comments", comments);
                return json(200, page.toString(), Map.of());
            }
            return json(404, "{\"errorMessages\":[\"Not found\"]}", Map.of());
        }

        private MockResponse search(RecordedRequest request) {
            Fault fault = searchFaults.remove(searches.incrementAndGet());
            if (fault != null) {
                return json(fault.status(), fault.body(), fault.headers());
            }
            HttpUrl url = request.getUrl();
            String jql;
            String token;
            int maxResults;
            List<String> fields;
            boolean changelog;
            if ("POST".equals(request.getMethod())) {
                JsonNode body = JSON.readTree(request.getBody() == null ? "{}"
                        : request.getBody().string(StandardCharsets.UTF_8));
                jql = body.path("jql").asString("");
                token = body.path("nextPageToken").asString(null);
                maxResults = body.path("maxResults").asInt(50);
                fields = new ArrayList<>();
                body.path("fields").forEach(f -> fields.add(f.asString()));
                changelog = body.path("expand").asString("").contains("changelog");
            } else {
                jql = url.queryParameter("jql") == null ? "" : url.queryParameter("jql");
                token = url.queryParameter("nextPageToken");
                maxResults = intParam(url, "maxResults", 50);
                fields = url.queryParameter("fields") == null ? List.of()
                        : List.of(url.queryParameter("fields").split(","));
                changelog = url.queryParameter("expand") != null && url.queryParameter("expand").contains("changelog");
            }
            if (jql.isBlank() || jql.trim().toUpperCase().startsWith("ORDER BY")) {
                return json(400, "{\"errorMessages\":[\"Unbounded JQL queries are not allowed here. Please add a "
                        + "search restriction to your query.\"],\"errors\":{}}", Map.of());
            }
            Matcher m = JQL.matcher(jql.trim());
            if (!m.matches()) {
                return json(400, "{\"errorMessages\":[\"Error in the JQL Query: this fake reads only updated >= "
                        + "\\\"yyyy-MM-dd HH:mm\\\" ORDER BY updated ASC\"],\"errors\":{}}", Map.of());
            }
            Instant from = LocalDateTime.parse(m.group(1), JQL_TIME).atZone(timeZone).toInstant();
            int offset = 0;
            if (token != null) {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
                if (parts.length != 3 || Integer.parseInt(parts[0]) != tokenEpoch
                        || !parts[2].equals(Integer.toHexString(jql.hashCode()))) {
                    return json(400, "{\"errorMessages\":[\"The provided next page token is invalid or expired.\"],"
                            + "\"errors\":{}}", Map.of());
                }
                offset = Integer.parseInt(parts[1]);
            }
            // a live query, as Jira's: an issue updated while a client pages moves to the end of the order
            List<Issue> matching = issues.stream().filter(i -> !i.updated().isBefore(from))
                    .sorted(Comparator.comparing(Issue::updated).thenComparing(i -> i.key)).toList();
            int size = Math.max(1, Math.min(maxResults, 100));
            int end = Math.min(matching.size(), offset + size);
            ArrayNode found = JSON.createArrayNode();
            for (Issue issue : matching.subList(Math.min(offset, end), end)) {
                found.add(issue.json(fields, changelog));
            }
            ObjectNode page = JSON.createObjectNode();
            page.set("issues", found);
            if (end < matching.size()) {
                page.put("nextPageToken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (tokenEpoch + ":" + end + ":" + Integer.toHexString(jql.hashCode()))
                                .getBytes(StandardCharsets.UTF_8)));
                page.put("isLast", false);
            } else {
                page.put("isLast", true);
            }
            return json(200, page.toString(), Map.of());
        }

        private static int intParam(HttpUrl url, String name, int otherwise) {
            String value = url.queryParameter(name);
            return value == null ? otherwise : Integer.parseInt(value);
        }

        ObjectNode user(String displayName) {
            String accountId = "acc-" + Integer.toHexString(displayName.hashCode());
            ObjectNode user = JSON.createObjectNode()
                    .put("self", url + "/rest/api/3/user?accountId=" + accountId)
                    .put("accountId", accountId).put("displayName", displayName).put("active", true)
                    .put("timeZone", timeZone.getId()).put("accountType", "atlassian");
            return user;
        }
    }

    /** The statuses of the fake's workflow: To Do, In Progress, Done. */
    enum Status {
        TO_DO("10000", "To Do", "new", 2), IN_PROGRESS("3", "In Progress", "indeterminate", 4),
        DONE("10001", "Done", "done", 3);

        final String id;
        final String label;
        final String category;
        final int categoryId;

        Status(String id, String label, String category, int categoryId) {
            this.id = id;
            this.label = label;
            this.category = category;
            this.categoryId = categoryId;
        }
    }

    /** One issue: its fields, its changelog (oldest first) and its comments (oldest first). */
    public static final class Issue {

        private final Site site;
        private final String id;
        private final String key;
        private final String creator;
        private final Instant created;
        private volatile String summary;
        private volatile Status status = Status.TO_DO;
        private volatile Instant updated;
        private final List<History> histories = new CopyOnWriteArrayList<>();
        private final List<Comment> comments = new CopyOnWriteArrayList<>();

        private Issue(Site site, String id, String key, String summary, String creator, Instant created) {
            this.site = site;
            this.id = id;
            this.key = key;
            this.summary = summary;
            this.creator = creator;
            this.created = created;
            this.updated = created;
        }

        public String id() {
            return id;
        }

        public String key() {
            return key;
        }

        public Instant updated() {
            return updated;
        }

        /** {@code author} renames the issue at {@code at}: a changelog entry on {@code summary}. */
        public History rename(String summary, String author, Instant at) {
            History history = new History(site, site.nextId(), author, at, List.of(item("summary", "summary", null,
                    this.summary, null, summary)));
            this.summary = summary;
            return record(history);
        }

        /** {@code author} moves the issue to In Progress at {@code at}. */
        public History start(String author, Instant at) {
            return move(Status.IN_PROGRESS, author, at);
        }

        /** {@code author} moves the issue to Done at {@code at}. */
        public History resolve(String author, Instant at) {
            return move(Status.DONE, author, at);
        }

        private History move(Status to, String author, Instant at) {
            History history = new History(site, site.nextId(), author, at, List.of(item("status", "status", status.id,
                    status.label, to.id, to.label)));
            status = to;
            return record(history);
        }

        /** {@code author} comments at {@code at}. */
        public Comment comment(String author, String text, Instant at) {
            Comment comment = new Comment(this, site.nextId(), author, text, at);
            comments.add(comment);
            touch(at);
            return comment;
        }

        private History record(History history) {
            histories.add(history);
            touch(history.created);
            return history;
        }

        private void touch(Instant at) {
            if (at.isAfter(updated)) {
                updated = at;
            }
        }

        /** The changelog, oldest first. */
        public List<History> histories() {
            return List.copyOf(histories);
        }

        /** The comments, oldest first. */
        public List<Comment> comments() {
            return List.copyOf(comments);
        }

        /**
         * The body of the {@code jira:issue_updated} webhook Jira sends for {@code history}: the issue as it is now
         * (its {@code self} on the site's own address) and the changelog entry.
         */
        public byte[] updatedWebhook(History history) {
            ObjectNode body = JSON.createObjectNode().put("timestamp", history.created.toEpochMilli())
                    .put("webhookEvent", "jira:issue_updated").put("issue_event_type_name", "issue_generic");
            body.set("user", site.user(history.author));
            body.set("issue", webhookIssue());
            ObjectNode changelog = body.putObject("changelog").put("id", history.id);
            changelog.set("items", history.json().get("items"));
            return JSON.writeValueAsBytes(body);
        }

        /** The body of the {@code jira:issue_created} webhook of this issue. */
        public byte[] createdWebhook() {
            ObjectNode body = JSON.createObjectNode().put("timestamp", created.toEpochMilli())
                    .put("webhookEvent", "jira:issue_created").put("issue_event_type_name", "issue_created");
            body.set("user", site.user(creator));
            body.set("issue", webhookIssue());
            return JSON.writeValueAsBytes(body);
        }

        private ObjectNode webhookIssue() {
            ObjectNode issue = JSON.createObjectNode().put("id", id).put("self", site.url + "/rest/api/2/" + id)
                    .put("key", key);
            issue.set("fields", fields(List.of("summary", "status", "created", "updated", "issuetype", "project")));
            return issue;
        }

        ObjectNode json(List<String> fields, boolean changelog) {
            ObjectNode issue = JSON.createObjectNode().put("expand", "renderedFields,names,schema,operations,"
                    + "editmeta,changelog,versionedRepresentations").put("id", id)
                    .put("self", site.self("issue/" + id)).put("key", key);
            if (changelog) {
                List<History> recent = new ArrayList<>(histories);
                Collections.reverse(recent); // Jira: sorted by date, starting from the most recent
                ArrayNode list = JSON.createArrayNode();
                recent.stream().limit(site.changelogLimit).forEach(h -> list.add(h.json()));
                ObjectNode log = issue.putObject("changelog").put("startAt", 0).put("maxResults", list.size())
                        .put("total", histories.size());
                log.set("histories", list);
            }
            issue.set("fields", fields(fields));
            return issue;
        }

        private ObjectNode fields(List<String> names) {
            ObjectNode fields = JSON.createObjectNode();
            for (String name : names) {
                switch (name.trim()) {
                    case "summary" -> fields.put("summary", summary);
                    case "created" -> fields.put("created", site.time(created));
                    case "updated" -> fields.put("updated", site.time(updated));
                    case "status" -> {
                        ObjectNode s = fields.putObject("status").put("self", site.self("status/" + status.id))
                                .put("description", "").put("name", status.label).put("id", status.id);
                        s.putObject("statusCategory").put("self", site.self("statuscategory/" + status.categoryId))
                                .put("id", status.categoryId).put("key", status.category)
                                .put("name", status.label);
                    }
                    case "issuetype" -> fields.putObject("issuetype").put("id", "10004").put("name", "Bug")
                            .put("subtask", false);
                    case "project" -> fields.putObject("project").put("id", "10000").put("key",
                            key.substring(0, key.indexOf('-'))).put("name", "Payments");
                    case "creator", "reporter" -> fields.set(name.trim(), site.user(creator));
                    case "comment" -> {
                        ArrayNode list = JSON.createArrayNode();
                        comments.stream().limit(site.commentLimit).forEach(c -> list.add(c.json()));
                        ObjectNode c = fields.putObject("comment").put("maxResults", list.size())
                                .put("total", comments.size()).put("startAt", 0);
                        c.set("comments", list);
                    }
                    default -> {
                        // a field this fake does not keep is absent, as an unknown field is in Jira
                    }
                }
            }
            return fields;
        }

        private static ObjectNode item(String field, String fieldId, String from, String fromString, String to,
                String toString) {
            return JSON.createObjectNode().put("field", field).put("fieldtype", "jira").put("fieldId", fieldId)
                    .put("from", from).put("fromString", fromString).put("to", to).put("toString", toString);
        }
    }

    /** One changelog entry. */
    public static final class History {

        private final Site site;
        private final String id;
        private final String author;
        private final Instant created;
        private final List<ObjectNode> items;

        private History(Site site, String id, String author, Instant created, List<ObjectNode> items) {
            this.site = site;
            this.id = id;
            this.author = author;
            this.created = created;
            this.items = items;
        }

        public String id() {
            return id;
        }

        ObjectNode json() {
            ObjectNode history = JSON.createObjectNode().put("id", id);
            history.set("author", site.user(author));
            history.put("created", site.time(created));
            ArrayNode list = history.putArray("items");
            items.forEach(item -> list.add(item.deepCopy()));
            return history;
        }
    }

    /** One comment. */
    public static final class Comment {

        private final Issue issue;
        private final String id;
        private final String author;
        private final String text;
        private final Instant created;

        private Comment(Issue issue, String id, String author, String text, Instant created) {
            this.issue = issue;
            this.id = id;
            this.author = author;
            this.text = text;
            this.created = created;
        }

        public String id() {
            return id;
        }

        /** The body of the {@code comment_created} webhook Jira sends for this comment. */
        public byte[] createdWebhook() {
            ObjectNode body = JSON.createObjectNode().put("timestamp", created.toEpochMilli())
                    .put("webhookEvent", "comment_created");
            ObjectNode comment = json();
            comment.put("self", issue.site.url + "/rest/api/2/issue/" + issue.id + "/comment/" + id);
            comment.put("body", text);
            body.set("comment", comment);
            body.set("issue", issue.webhookIssue());
            return JSON.writeValueAsBytes(body);
        }

        ObjectNode json() {
            ObjectNode comment = JSON.createObjectNode().put("self", issue.site.self("issue/" + issue.id
                    + "/comment/" + id)).put("id", id);
            comment.set("author", issue.site.user(author));
            ObjectNode doc = comment.putObject("body").put("type", "doc").put("version", 1);
            doc.putArray("content").addObject().put("type", "paragraph").putArray("content").addObject()
                    .put("type", "text").put("text", text);
            comment.set("updateAuthor", issue.site.user(author));
            comment.put("created", issue.site.time(created)).put("updated", issue.site.time(created))
                    .put("jsdPublic", true);
            return comment;
        }
    }
}
