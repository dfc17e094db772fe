package com.poblysh.connectors.testkit.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server that behaves like GitHub's REST API for the calls a poller makes, over in-memory accounts and
 * repositories: {@code GET /user}, {@code /user/repos}, a repository's {@code issues} (pull requests included, with
 * {@code pull_request.merged_at}), {@code issues/{number}}, {@code issues/comments}, {@code pulls/{number}/reviews}
 * and {@code commits}, each with {@code per_page} (default 30, at most 100), {@code page}, {@code since} (inclusive),
 * {@code sort}/{@code direction} where GitHub has them, and real {@code Link} headers; every answer carries
 * {@code Date} and the {@code X-RateLimit-*} headers of the account's hourly budget (5000 by default, exhausted →
 * 403 as GitHub answers). It also serves GitHub's OAuth token endpoint ({@code POST /login/oauth/access_token}:
 * codes from {@link GitHubAccount#authorizationCode()}, and {@code grant_type=refresh_token} for accounts with
 * {@link GitHubAccount#expiringTokens expiring tokens}), so an OAuth connect and a token refresh can run against it.
 *
 * <p>Faults are injected per account, on the n-th request to a path from now ({@link GitHubAccount#failOnce},
 * {@link GitHubAccount#rateLimitOnce}, {@link GitHubAccount#secondaryRateLimitOnce},
 * {@link GitHubAccount#unauthorizedOnce}, {@link GitHubAccount#remainingRequests}, {@link GitHubRepository#remove()}),
 * so tests sharing one fake do not disturb each other. Times come from the
 * fake's clock ({@link #setNow}), which also stamps new objects, so nothing depends on today's date.
 */
public final class FakeGitHubApi implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final MockWebServer server = new MockWebServer();
    private final Map<String, GitHubAccount> byToken = new LinkedHashMap<>();
    private final Map<String, GitHubAccount> byCode = new LinkedHashMap<>();
    private GitHubAccount authorizing;
    private final List<GitHubAccount> accounts = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final AtomicLong requests = new AtomicLong();
    private Clock clock = Clock.systemUTC();

    private FakeGitHubApi() {
    }

    /** A fake on a free loopback port. */
    public static FakeGitHubApi start() {
        FakeGitHubApi api = new FakeGitHubApi();
        api.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return api.answer(request);
            }
        });
        try {
            api.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return api;
    }

    /**
     * The root the REST API and the OAuth endpoints are served under, e.g. {@code http://127.0.0.1:41234}: the value
     * of {@code POBLYSH_GITHUB_API_BASE_URL}, and (with {@code /login/oauth/access_token} and {@code /user}) of the
     * OAuth token and user URLs.
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A new account with its own token and no repositories. */
    public synchronized GitHubAccount account(String login) {
        GitHubAccount account = new GitHubAccount(this, login, nextId());
        accounts.add(account);
        byToken.put(account.token(), account);
        return account;
    }

    /** Stands the fake's clock still at {@code now}: the {@code Date} header and new objects' times. */
    public synchronized void setNow(Instant now) {
        this.clock = Clock.fixed(now, ZoneOffset.UTC);
    }

    /**
     * Makes {@code account} the signed-in user who approves every authorization request at
     * {@code GET /login/oauth/authorize} at once: the fake answers with GitHub's redirect to the app's
     * {@code redirect_uri} with a fresh code of that account and the request's {@code state}, instead of a consent
     * page. Without such an account that endpoint answers 404.
     */
    public synchronized void authorizeAs(GitHubAccount account) {
        this.authorizing = account;
    }

    /** Moves the fake's clock. */
    public synchronized void advance(Duration duration) {
        this.clock = Clock.fixed(now().plus(duration), ZoneOffset.UTC);
    }

    /** The fake's time, to the second as GitHub writes times. */
    public synchronized Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Requests answered so far, by every account. */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    synchronized void tokenChanged(GitHubAccount account, String old) {
        byToken.remove(old);
        byToken.put(account.token(), account);
    }

    synchronized void codeIssued(GitHubAccount account, String code) {
        byCode.put(code, account);
    }

    private synchronized MockResponse answer(RecordedRequest request) {
        requests.incrementAndGet();
        String path = request.getUrl().encodedPath();
        if ("POST".equals(request.getMethod()) && path.equals("/login/oauth/access_token")) {
            return tokenEndpoint(request).setHeader("Date", HTTP_DATE.format(now())).build();
        }
        if ("GET".equals(request.getMethod()) && path.equals("/login/oauth/authorize")) {
            return authorize(request).setHeader("Date", HTTP_DATE.format(now())).build();
        }
        String authorization = request.getHeaders().get("Authorization");
        String token = authorization == null ? null : authorization.replaceFirst("^(?i)(bearer|token) ", "");
        GitHubAccount account = token == null ? null : byToken.get(token);
        if (account == null) {
            return json(401, Map.of("message", "Bad credentials",
                    "documentation_url", "https://docs.github.com/rest"), null)
                    .setHeader("Date", HTTP_DATE.format(now())).build();
        }
        account.record(request.getMethod() + " " + path
                + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery()));
        Optional<MockResponse.Builder> fault = account.fault(path);
        if (fault.isPresent()) {
            return fault.get().setHeader("Date", HTTP_DATE.format(now())).build();
        }
        if (!account.spendRequest(now())) {
            return withRateHeaders(json(403, Map.of("message", "API rate limit exceeded for user ID " + account.id()
                    + ".", "documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"),
                    null), account).build();
        }
        MockResponse.Builder answer = "GET".equals(request.getMethod()) ? route(account, request, path)
                : json(404, Map.of("message", "Not Found"), null);
        return withRateHeaders(answer, account).build();
    }

    /** GitHub's consent, approved by {@link #authorizeAs}'s account: 302 to the redirect URI with code and state. */
    private MockResponse.Builder authorize(RecordedRequest request) {
        String clientId = request.getUrl().queryParameter("client_id");
        String redirectUri = request.getUrl().queryParameter("redirect_uri");
        String state = request.getUrl().queryParameter("state");
        if (authorizing == null || clientId == null || clientId.isBlank()) {
            return notFound();
        }
        if (redirectUri == null || !redirectUri.matches("https?://.+")) {
            return json(400, Map.of("error", "redirect_uri_mismatch",
                    "error_description", "The redirect_uri MUST match the registered callback URL for this application."),
                    null);
        }
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(encode(authorizing.authorizationCode()));
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        return new MockResponse.Builder().code(302).setHeader("Location", location.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private MockResponse.Builder route(GitHubAccount account, RecordedRequest request, String path) {
        if (path.equals("/user")) {
            return json(200, account.json(), null);
        }
        if (path.equals("/user/repos")) {
            return page(request, account.repositories().stream().map(GitHubRepository::json).toList());
        }
        String[] segments = path.split("/");
        // /repos/{owner}/{name}/...
        if (segments.length < 5 || !segments[1].equals("repos")) {
            return notFound();
        }
        Optional<GitHubRepository> found = account.readable(segments[2] + "/" + segments[3]);
        if (found.isEmpty()) {
            return notFound();
        }
        GitHubRepository repo = found.get();
        String rest = String.join("/", Arrays.copyOfRange(segments, 4, segments.length));
        if (rest.equals("issues")) {
            return page(request, repo.issues(request.getUrl().queryParameter("state"), since(request),
                    request.getUrl().queryParameter("sort"), request.getUrl().queryParameter("direction")));
        }
        if (rest.equals("issues/comments")) {
            return page(request, repo.comments(since(request), request.getUrl().queryParameter("sort"),
                    request.getUrl().queryParameter("direction")));
        }
        if (rest.matches("issues/\\d+")) {
            return repo.issue(Integer.parseInt(segments[5])).map(issue -> json(200, issue, null))
                    .orElseGet(FakeGitHubApi::notFound);
        }
        if (rest.matches("pulls/\\d+/reviews")) {
            return repo.reviews(Integer.parseInt(segments[5])).map(reviews -> page(request, reviews))
                    .orElseGet(FakeGitHubApi::notFound);
        }
        if (rest.equals("commits")) {
            List<ObjectNode> commits = repo.commits(since(request));
            if (commits == null) {
                return json(409, Map.of("message", "Git Repository is empty.",
                        "documentation_url", "https://docs.github.com/rest/commits/commits#list-commits"), null);
            }
            return page(request, commits);
        }
        return notFound();
    }

    /** One page of {@code items} as GitHub pages lists: {@code per_page}, {@code page} and the {@code Link} header. */
    private MockResponse.Builder page(RecordedRequest request, List<? extends JsonNode> items) {
        int perPage = Math.max(1, Math.min(100, intParameter(request, "per_page", 30)));
        int page = Math.max(1, intParameter(request, "page", 1));
        int last = Math.max(1, (items.size() + perPage - 1) / perPage);
        int from = Math.min(items.size(), (page - 1) * perPage);
        List<? extends JsonNode> slice = items.subList(from, Math.min(items.size(), from + perPage));
        return json(200, slice, LinkHeaders.of(request.getUrl(), page, last));
    }

    private MockResponse.Builder tokenEndpoint(RecordedRequest request) {
        Map<String, String> form = form(request.getBody() == null ? "" : request.getBody().utf8());
        if ("refresh_token".equals(form.get("grant_type"))) {
            String refresh = form.get("refresh_token");
            GitHubAccount account = accounts.stream()
                    .filter(a -> refresh != null && refresh.equals(a.refreshToken())).findFirst().orElse(null);
            if (account == null) {
                return json(200, Map.of("error", "bad_refresh_token",
                        "error_description", "The refresh token passed is incorrect or expired."), null);
            }
            return json(200, account.tokenAnswer(true), null);
        }
        String code = form.get("code");
        GitHubAccount account = code == null ? null : byCode.remove(code);
        if (account == null) {
            // GitHub answers a bad code with 200 and an error field
            return json(200, Map.of("error", "bad_verification_code",
                    "error_description", "The code passed is incorrect or expired."), null);
        }
        return json(200, account.tokenAnswer(false), null);
    }

    private MockResponse.Builder withRateHeaders(MockResponse.Builder answer, GitHubAccount account) {
        return answer.setHeader("Date", HTTP_DATE.format(now()))
                .setHeader("X-RateLimit-Limit", account.rateLimit())
                .setHeader("X-RateLimit-Remaining", account.remaining())
                .setHeader("X-RateLimit-Used", account.rateLimit() - account.remaining())
                .setHeader("X-RateLimit-Reset", account.resetAt().getEpochSecond())
                .setHeader("X-RateLimit-Resource", "core");
    }

    static MockResponse.Builder json(int status, Object body, String link) {
        MockResponse.Builder builder = new MockResponse.Builder().code(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .body(JSON.writeValueAsString(body));
        if (link != null) {
            builder.setHeader("Link", link);
        }
        return builder;
    }

    private static MockResponse.Builder notFound() {
        return json(404, Map.of("message", "Not Found", "documentation_url", "https://docs.github.com/rest"), null);
    }

    private static Instant since(RecordedRequest request) {
        String since = request.getUrl().queryParameter("since");
        return since == null ? null : Instant.parse(since);
    }

    private static int intParameter(RecordedRequest request, String name, int fallback) {
        String value = request.getUrl().queryParameter(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
