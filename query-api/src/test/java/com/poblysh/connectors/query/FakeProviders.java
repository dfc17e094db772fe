package com.poblysh.connectors.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * One OkHttp MockWebServer per test JVM standing in for the providers' OAuth endpoints (token, user, revoke) of
 * GitHub, Jira and Microsoft Graph, which the shared test context is configured for; Slack has endpoints but no
 * client credentials, so it is the "not configured" provider. Each endpoint answers a realistic success unless
 * a test scripted the next answers with {@link #respond}; {@link #reset} clears scripts and recordings.
 */
public final class FakeProviders {

    /** Client id of the fake GitHub app (it appears in the revoke path). */
    public static final String GITHUB_CLIENT_ID = "gh-client-id";

    public static final String GITHUB_TOKEN = "POST /github/token";
    public static final String GITHUB_USER = "GET /github/user";
    public static final String GITHUB_REVOKE = "DELETE /github/applications/" + GITHUB_CLIENT_ID + "/grant";
    public static final String JIRA_TOKEN = "POST /jira/token";
    public static final String JIRA_SITES = "GET /jira/accessible-resources";
    public static final String MICROSOFT_TOKEN = "POST /microsoft/token";
    public static final String MICROSOFT_ME = "GET /microsoft/me";
    public static final String SLACK_REVOKE = "POST /slack/revoke";

    private static final Map<String, String> DEFAULTS = Map.of(
            GITHUB_TOKEN, "{\"access_token\":\"gho_fake_access_token\",\"token_type\":\"bearer\","
                    + "\"scope\":\"repo,read:org,read:user\"}",
            GITHUB_USER, "{\"id\":4242,\"login\":\"octocat\",\"name\":\"The Octocat\"}",
            JIRA_TOKEN, "{\"access_token\":\"jira_fake_access_token\",\"refresh_token\":\"jira_fake_refresh_token\","
                    + "\"expires_in\":3600,\"scope\":\"read:jira-work offline_access\",\"token_type\":\"Bearer\"}",
            JIRA_SITES, "[{\"id\":\"1324a887-45db-1bf4-1e99-ef0ff456d421\",\"name\":\"acme\","
                    + "\"url\":\"https://acme.atlassian.net\",\"scopes\":[\"read:jira-work\"]}]",
            MICROSOFT_TOKEN, "{\"access_token\":\"ms_fake_access_token\",\"refresh_token\":\"ms_fake_refresh_token\","
                    + "\"expires_in\":3599,\"scope\":\"User.Read Mail.Read\",\"token_type\":\"Bearer\"}",
            MICROSOFT_ME, "{\"id\":\"87d349ed-44d7-43e1-9a83-5f2406dee5bd\",\"displayName\":\"Ada Lovelace\","
                    + "\"userPrincipalName\":\"ada@contoso.com\"}",
            SLACK_REVOKE, "{\"ok\":true,\"revoked\":true}");

    private static final Map<String, Deque<MockResponse>> SCRIPTS = new ConcurrentHashMap<>();
    private static final List<RecordedRequest> RECORDED = new CopyOnWriteArrayList<>();
    private static MockWebServer server;

    private FakeProviders() {
    }

    /** Base URL of the fake, e.g. {@code http://127.0.0.1:41234}; started on first use. */
    public static synchronized String baseUrl() {
        if (server == null) {
            MockWebServer started = new MockWebServer();
            started.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    RECORDED.add(request);
                    String key = request.getMethod() + " " + request.getUrl().encodedPath();
                    Deque<MockResponse> script = SCRIPTS.get(key);
                    MockResponse scripted = script == null ? null : script.pollFirst();
                    if (scripted != null) {
                        return scripted;
                    }
                    if (key.equals(GITHUB_REVOKE)) {
                        return new MockResponse.Builder().code(204).build();
                    }
                    String body = DEFAULTS.get(key);
                    return body == null ? json(404, "{\"message\":\"Not Found\"}") : json(200, body);
                }
            });
            try {
                started.start(java.net.InetAddress.getLoopbackAddress(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = started; // lives as long as the JVM, like the test database
        }
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Makes {@code endpoint} (e.g. {@link #GITHUB_TOKEN}) answer {@code response} once, before its default. */
    public static void respond(String endpoint, MockResponse response) {
        SCRIPTS.computeIfAbsent(endpoint, k -> new java.util.concurrent.ConcurrentLinkedDeque<>()).addLast(response);
    }

    /** A JSON answer. */
    public static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body)
                .build();
    }

    /** Requests the fake received for {@code endpoint} since the last {@link #reset}. */
    public static List<RecordedRequest> received(String endpoint) {
        return RECORDED.stream().filter(r -> (r.getMethod() + " " + r.getUrl().encodedPath()).equals(endpoint))
                .toList();
    }

    public static void reset() {
        SCRIPTS.clear();
        RECORDED.clear();
    }

    /** Points the providers' endpoints at the fake and configures GitHub, Jira and Microsoft Graph apps. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String base = baseUrl();
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                    "poblysh.oauth.public-base-url=https://connectors.example.test",
                    "poblysh.oauth.timeout=1s",
                    "poblysh.oauth.providers.github.client-id=" + GITHUB_CLIENT_ID,
                    "poblysh.oauth.providers.github.client-secret=gh-client-secret",
                    "poblysh.oauth.providers.github.token-url=" + base + "/github/token",
                    "poblysh.oauth.providers.github.user-url=" + base + "/github/user",
                    "poblysh.oauth.providers.github.revoke-url=" + base + "/github/applications/{client_id}/grant",
                    "poblysh.oauth.providers.jira.client-id=jira-client-id",
                    "poblysh.oauth.providers.jira.client-secret=jira-client-secret",
                    "poblysh.oauth.providers.jira.token-url=" + base + "/jira/token",
                    "poblysh.oauth.providers.jira.user-url=" + base + "/jira/accessible-resources",
                    "poblysh.oauth.providers.microsoft-graph.client-id=ms-client-id",
                    "poblysh.oauth.providers.microsoft-graph.client-secret=ms-client-secret",
                    "poblysh.oauth.providers.microsoft-graph.token-url=" + base + "/microsoft/token",
                    "poblysh.oauth.providers.microsoft-graph.user-url=" + base + "/microsoft/me",
                    "poblysh.oauth.providers.slack.token-url=" + base + "/slack/token",
                    "poblysh.oauth.providers.slack.revoke-url=" + base + "/slack/revoke");
        }
    }
}
