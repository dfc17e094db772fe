package com.poblysh.connectors.testkit.github;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.MockResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * A GitHub user of the {@link FakeGitHubApi}: its token (the only one the fake accepts for it), its repositories,
 * its hourly request budget, the requests it made, and the faults its next requests meet.
 */
public final class GitHubAccount {

    /** GitHub's hourly budget of an OAuth token. */
    public static final int RATE_LIMIT = 5000;

    private final FakeGitHubApi api;
    private final String login;
    private final long id;
    private final List<GitHubRepository> repositories = new ArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private String token;
    private String refreshToken;
    private Duration tokenLifetime;
    private int remaining = RATE_LIMIT;
    private Instant resetAt;

    /** Answers the request that brings {@code countdown} to 0 among those whose path ends with the suffix. */
    private record Fault(String pathSuffix, MockResponse.Builder answer, int[] countdown) {
    }

    GitHubAccount(FakeGitHubApi api, String login, long id) {
        this.api = api;
        this.login = login;
        this.id = id;
        this.token = newToken();
    }

    public String login() {
        return login;
    }

    public long id() {
        return id;
    }

    /** The token the fake accepts for this account now. */
    public String token() {
        synchronized (api) {
            return token;
        }
    }

    /** Issues a new token and refuses the old one from now on (401), as after a refresh or a revocation. */
    public String rotateToken() {
        synchronized (api) {
            String old = token;
            token = newToken();
            api.tokenChanged(this, old);
            return token;
        }
    }

    /**
     * Makes the account's tokens expire after {@code lifetime}, as a GitHub App's user tokens do: the token
     * endpoint then answers {@code expires_in} and a {@code refresh_token}, which {@code grant_type=refresh_token}
     * exchanges for a new token (the old one refused from then on) and a new refresh token.
     */
    public GitHubAccount expiringTokens(Duration lifetime) {
        synchronized (api) {
            tokenLifetime = lifetime;
            refreshToken = newRefreshToken();
            return this;
        }
    }

    /** The refresh token the token endpoint takes now; null for tokens that do not expire. */
    public String refreshToken() {
        synchronized (api) {
            return refreshToken;
        }
    }

    /** A single-use code that {@code POST /login/oauth/access_token} exchanges for {@link #token()}. */
    public String authorizationCode() {
        String code = "code-" + UUID.randomUUID();
        api.codeIssued(this, code);
        return code;
    }

    /** A new repository {@code <login>/<name>} this account can read, empty (no commits yet). */
    public GitHubRepository repository(String name) {
        return repository(name, api.nextId());
    }

    /** A new repository with the id GitHub gave it, e.g. that of a webhook fixture's {@code repository}. */
    public GitHubRepository repository(String name, long id) {
        synchronized (api) {
            GitHubRepository repository = new GitHubRepository(api, this, name, id);
            repositories.add(repository);
            return repository;
        }
    }

    /** Every request this account made, {@code "GET /path?query"}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * The {@code nth} request from now whose path ends with {@code pathSuffix} (e.g. {@code /issues}; null: any)
     * answers {@code status} with GitHub's error body instead; the ones before it are answered as usual.
     */
    public GitHubAccount failOnce(String pathSuffix, int nth, int status) {
        return fault(pathSuffix, nth, FakeGitHubApi.json(status, Map.of("message", status >= 500
                ? "Server Error" : status == 403 ? "Resource not accessible by integration" : "Error"), null));
    }

    /** The {@code nth} matching request answers 429 with {@code Retry-After}. */
    public GitHubAccount rateLimitOnce(String pathSuffix, int nth, Duration retryAfter) {
        return fault(pathSuffix, nth, FakeGitHubApi.json(429, Map.of("message", "Too Many Requests"), null)
                .setHeader("Retry-After", retryAfter.toSeconds()));
    }

    /**
     * The {@code nth} matching request answers 403 as GitHub's secondary rate limit does: its message and
     * {@code Retry-After}.
     */
    public GitHubAccount secondaryRateLimitOnce(String pathSuffix, int nth, Duration retryAfter) {
        return fault(pathSuffix, nth, FakeGitHubApi.json(403, Map.of("message", "You have exceeded a secondary rate "
                        + "limit. Please wait a few minutes before you try again.",
                "documentation_url", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"), null)
                .setHeader("Retry-After", retryAfter.toSeconds()));
    }

    /** The {@code nth} matching request answers 401 even with the current token. */
    public GitHubAccount unauthorizedOnce(String pathSuffix, int nth) {
        return fault(pathSuffix, nth, FakeGitHubApi.json(401, Map.of("message", "Bad credentials"), null));
    }

    /** Requests left in this hour's budget; at 0 the fake answers 403 with the primary rate limit's message. */
    public GitHubAccount remainingRequests(int left) {
        synchronized (api) {
            remaining = left;
            return this;
        }
    }

    /** The token endpoint's answer for this account now; a refresh rotates both tokens first. */
    Map<String, Object> tokenAnswer(boolean refresh) {
        if (refresh) {
            rotateToken();
            refreshToken = newRefreshToken();
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("scope", tokenLifetime == null ? "repo,read:org,read:user" : "");
        if (tokenLifetime != null) {
            answer.put("expires_in", tokenLifetime.toSeconds());
            answer.put("refresh_token", refreshToken);
            answer.put("refresh_token_expires_in", 15_897_600);
        }
        return answer;
    }

    ObjectNode json() {
        ObjectNode user = FakeGitHubApi.JSON.createObjectNode();
        user.put("login", login).put("id", id).put("node_id", "U_" + id).put("type", "User").put("site_admin", false)
                .put("html_url", "https://github.com/" + login).put("name", login);
        return user;
    }

    ObjectNode userRef() {
        ObjectNode user = FakeGitHubApi.JSON.createObjectNode();
        user.put("login", login).put("id", id).put("type", "User").put("html_url", "https://github.com/" + login);
        return user;
    }

    List<GitHubRepository> repositories() {
        return repositories.stream().filter(r -> !r.removed())
                .sorted(Comparator.comparing(GitHubRepository::fullName)).toList();
    }

    Optional<GitHubRepository> readable(String fullName) {
        return repositories().stream().filter(r -> r.fullName().equalsIgnoreCase(fullName)).findFirst();
    }

    void record(String request) {
        requests.add(request);
    }

    /** The fault this request meets, if any (consumed). */
    Optional<MockResponse.Builder> fault(String path) {
        MockResponse.Builder answer = null;
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (fault.pathSuffix() == null || path.endsWith(fault.pathSuffix())) {
                if (--fault.countdown()[0] == 0) {
                    it.remove();
                    if (answer == null) {
                        answer = fault.answer();
                    }
                }
            }
        }
        return Optional.ofNullable(answer);
    }

    /** Counts a request against the hourly budget; false when none is left. */
    boolean spendRequest(Instant now) {
        if (resetAt == null) {
            resetAt = now.plus(Duration.ofHours(1));
        } else if (!now.isBefore(resetAt)) {
            resetAt = now.plus(Duration.ofHours(1));
            remaining = RATE_LIMIT;
        }
        if (remaining <= 0) {
            return false;
        }
        remaining--;
        return true;
    }

    int rateLimit() {
        return RATE_LIMIT;
    }

    int remaining() {
        return remaining;
    }

    Instant resetAt() {
        return resetAt;
    }

    private GitHubAccount fault(String pathSuffix, int nth, MockResponse.Builder answer) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth counts from 1, got " + nth);
        }
        synchronized (api) {
            faults.add(new Fault(pathSuffix, answer, new int[] {nth}));
            return this;
        }
    }

    private static String newRefreshToken() {
        return "ghr_fake" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String newToken() {
        return "gho_fake" + UUID.randomUUID().toString().replace("-", "");
    }
}
