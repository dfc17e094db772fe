package com.poblysh.connectors.testkit.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake answers as GitHub documents: paging, {@code since}, {@code Link}, rate-limit headers, tokens, faults. */
class FakeGitHubApiTests {

    private static final FakeGitHubApi GITHUB = FakeGitHubApi.start();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();
    private GitHubAccount account;

    @AfterAll
    static void stop() {
        GITHUB.close();
    }

    @BeforeEach
    void anAccount() {
        GITHUB.setNow(T0);
        account = GITHUB.account("mona");
    }

    @Test
    void pagesIssuesByUpdateTimeWithLinkHeadersAndSince() throws Exception {
        GitHubRepository repo = account.repository("paged");
        for (int i = 0; i < 5; i++) {
            repo.openIssue("Issue " + i);
            GITHUB.advance(Duration.ofMinutes(1));
        }
        repo.touch(1);

        HttpResponse<String> first = get("/repos/mona/paged/issues?state=all&sort=updated&direction=asc&per_page=2");
        HttpResponse<String> since = get("/repos/mona/paged/issues?state=all&sort=updated&direction=asc&since="
                + T0.plusSeconds(180));

        assertThat(numbers(first)).containsExactly(2, 3);
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link)
                .contains("page=2>; rel=\"next\"").contains("page=3>; rel=\"last\""));
        // since is inclusive: issue 4 was opened at T0 + 3 min, issue 1 touched at T0 + 5 min
        assertThat(numbers(since)).containsExactly(4, 5, 1);
        assertThat(since.headers().firstValue("Link")).isEmpty();
        assertThat(first.headers().firstValue("Date")).hasValue("Wed, 1 Jan 2031 00:05:00 GMT");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("4999");
    }

    @Test
    void refusesUnknownTokensAndServesTheOAuthTokenEndpoint() throws Exception {
        String code = account.authorizationCode();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl()
                        + "/login/oauth/access_token")).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=c&client_secret=s&code=" + code)).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl()
                        + "/login/oauth/access_token"))
                .POST(HttpRequest.BodyPublishers.ofString("code=" + code)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(JSON.readTree(token.body()).path("access_token").asString()).isEqualTo(account.token());
        assertThat(JSON.readTree(again.body()).path("error").asString()).isEqualTo("bad_verification_code");
        String old = account.token();
        account.rotateToken();
        assertThat(get("/user", old).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get("/user").body()).path("login").asString()).isEqualTo("mona");
    }

    @Test
    void refreshesExpiringTokensAsAGitHubAppDoes() throws Exception {
        account.expiringTokens(Duration.ofHours(8));
        JsonNode granted = JSON.readTree(token("code=" + account.authorizationCode()).body());
        String first = account.token();

        JsonNode refreshed = JSON.readTree(token("grant_type=refresh_token&refresh_token="
                + granted.path("refresh_token").asString()).body());

        assertThat(granted.path("access_token").asString()).isEqualTo(first);
        assertThat(granted.path("expires_in").asLong()).isEqualTo(28_800);
        assertThat(refreshed.path("access_token").asString()).isEqualTo(account.token()).isNotEqualTo(first);
        assertThat(refreshed.path("refresh_token").asString()).isEqualTo(account.refreshToken())
                .isNotEqualTo(granted.path("refresh_token").asString());
        assertThat(get("/user", first).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(token("grant_type=refresh_token&refresh_token="
                + granted.path("refresh_token").asString()).body()).path("error").asString())
                .isEqualTo("bad_refresh_token");
    }

    @Test
    void injectsFaultsOnTheNthMatchingRequestAndAnswersEmptyAndGoneRepositoriesAsGitHubDoes() throws Exception {
        GitHubRepository repo = account.repository("faulty");
        account.failOnce("/issues", 2, 500).rateLimitOnce("/commits", 1, Duration.ofSeconds(30));

        assertThat(get("/repos/mona/faulty/issues").statusCode()).isEqualTo(200);
        assertThat(get("/repos/mona/faulty/issues").statusCode()).isEqualTo(500);
        HttpResponse<String> limited = get("/repos/mona/faulty/commits");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(get("/repos/mona/faulty/commits").statusCode()).isEqualTo(409);
        repo.commit("First");
        assertThat(get("/repos/mona/faulty/commits").statusCode()).isEqualTo(200);
        repo.remove();
        assertThat(get("/repos/mona/faulty/issues").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get("/user/repos").body())).isEmpty();
    }

    @Test
    void aSpentBudgetAnswers403UntilTheReset() throws Exception {
        account.remainingRequests(1);

        HttpResponse<String> last = get("/user");
        HttpResponse<String> refused = get("/user");

        assertThat(last.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-RateLimit-Reset"))
                .hasValue(Long.toString(T0.plusSeconds(3600).getEpochSecond()));
        GITHUB.advance(Duration.ofHours(1));
        assertThat(get("/user").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> token(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl() + "/login/oauth/access_token"))
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, account.token());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(GITHUB.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> numbers(HttpResponse<String> response) {
        JsonNode body = JSON.readTree(response.body());
        List<Integer> numbers = new ArrayList<>();
        body.forEach(issue -> numbers.add(issue.path("number").asInt()));
        return numbers;
    }
}
