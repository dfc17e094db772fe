package com.poblysh.connectors.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.poblysh.connectors.common.oauth.OAuthClientProperties;
import com.poblysh.connectors.common.provider.Provider;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four providers' token endpoints answering refresh-token grants as the real ones do, on one local server:
 * GitHub ({@code POST /login/oauth/access_token}, form, errors as HTTP 200 {@code bad_refresh_token}), Atlassian
 * ({@code POST /oauth/token}, JSON, 403 {@code invalid_grant}), Microsoft identity platform
 * ({@code POST /common/oauth2/v2.0/token}, form, 400 {@code invalid_grant} with an AADSTS code) and Slack
 * ({@code POST /api/oauth.v2.access}, form with basic auth, HTTP 200 {@code ok: false, invalid_refresh_token}).
 * Each checks the app's credentials and the grant type, knows the refresh tokens a test {@link #accept}s, and
 * forgets one once it was rotated away, so a refresher that reuses a rotated refresh token is refused as it would
 * be for real.
 */
public final class FakeTokenEndpoints implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static FakeTokenEndpoints shared;

    /** What the endpoint issues for an accepted refresh token; {@code refreshToken} null: none (the old one stays). */
    public record Issue(String accessToken, String refreshToken, long expiresIn) {

        /** A new access token and a new refresh token (the presented one stops working), valid an hour. */
        public static Issue rotating(String accessToken, String refreshToken) {
            return new Issue(accessToken, refreshToken, 3600);
        }

        /** A new access token only: the answer carries no refresh token, the presented one stays valid. */
        public static Issue keeping(String accessToken) {
            return new Issue(accessToken, null, 3600);
        }
    }

    /** A request the endpoint received: its form or JSON fields, and the headers that matter. */
    public record Request(Provider provider, Map<String, String> fields, String authorization, String accept) {

        public String refreshToken() {
            return fields.get("refresh_token");
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<Provider, Map<String, Issue>> accepted = new EnumMap<>(Provider.class);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<Provider, AtomicInteger> outages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenOutages = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    public FakeTokenEndpoints() {
        for (Provider provider : Provider.values()) {
            accepted.put(provider, new ConcurrentHashMap<>());
            outages.put(provider, new AtomicInteger());
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One instance per test JVM, for Spring contexts ({@link Initializer}); tests tell theirs apart by token. */
    public static synchronized FakeTokenEndpoints shared() {
        if (shared == null) {
            shared = new FakeTokenEndpoints();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-fake-token-endpoints"));
        }
        return shared;
    }

    /** The app's client id the endpoint expects from {@code provider}'s refresher. */
    public static String clientId(Provider provider) {
        return provider.id() + "-client-id";
    }

    /** The app's client secret the endpoint expects. */
    public static String clientSecret(Provider provider) {
        return provider.id() + "-client-secret";
    }

    /** Where {@code provider}'s token endpoint answers. */
    public URI tokenUrl(Provider provider) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path(provider));
    }

    /** Every provider's app configured against this fake, with a 2 s timeout. */
    public OAuthClientProperties clients() {
        Map<Provider, OAuthClientProperties.Client> clients = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            clients.put(provider, new OAuthClientProperties.Client(clientId(provider), clientSecret(provider),
                    URI.create("https://example.com/authorize"), tokenUrl(provider), null, null));
        }
        return new OAuthClientProperties(Duration.ofSeconds(2), clients);
    }

    /** The same apps as Spring properties ({@code poblysh.oauth.providers.<key>.*}). */
    public String[] properties() {
        List<String> properties = new ArrayList<>();
        for (Provider provider : Provider.values()) {
            String key = "poblysh.oauth.providers." + provider.id().replace('_', '-');
            properties.add(key + ".client-id=" + clientId(provider));
            properties.add(key + ".client-secret=" + clientSecret(provider));
            properties.add(key + ".token-url=" + tokenUrl(provider));
        }
        return properties.toArray(String[]::new);
    }

    /** From now on {@code refreshToken} is valid at {@code provider} and answered with {@code issue}. */
    public FakeTokenEndpoints accept(Provider provider, String refreshToken, Issue issue) {
        accepted.get(provider).put(refreshToken, issue);
        return this;
    }

    /** Every answer waits this long first, so concurrent callers overlap. */
    public FakeTokenEndpoints delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** The next {@code count} requests to {@code provider} are answered 503, as during an outage. */
    public FakeTokenEndpoints outage(Provider provider, int count) {
        outages.get(provider).set(count);
        return this;
    }

    /** The next {@code count} requests presenting {@code refreshToken} are answered 503. */
    public FakeTokenEndpoints outageFor(String refreshToken, int count) {
        tokenOutages.put(refreshToken, new AtomicInteger(count));
        return this;
    }

    /** The requests {@code provider}'s endpoint received. */
    public List<Request> requests(Provider provider) {
        return requests.stream().filter(r -> r.provider() == provider).toList();
    }

    /** The requests that presented {@code refreshToken}, at any provider. */
    public List<Request> requestsWith(String refreshToken) {
        return requests.stream().filter(r -> refreshToken.equals(r.refreshToken())).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String path(Provider provider) {
        return switch (provider) {
            case GITHUB -> "/login/oauth/access_token";
            case JIRA -> "/oauth/token";
            case MICROSOFT_GRAPH -> "/common/oauth2/v2.0/token";
            case SLACK -> "/api/oauth.v2.access";
        };
    }

    private MockResponse answer(RecordedRequest request) {
        Provider provider = null;
        for (Provider candidate : Provider.values()) {
            if (path(candidate).equals(request.getUrl().encodedPath())) {
                provider = candidate;
            }
        }
        if (provider == null || !"POST".equals(request.getMethod())) {
            return json(404, "{\"message\":\"Not Found\"}");
        }
        Map<String, String> fields = fields(provider, request);
        String authorization = request.getHeaders().get("Authorization");
        requests.add(new Request(provider, fields, authorization, request.getHeaders().get("Accept")));
        AtomicInteger tokenOutage = tokenOutages.get(fields.getOrDefault("refresh_token", ""));
        if (outages.get(provider).getAndUpdate(n -> Math.max(0, n - 1)) > 0
                || tokenOutage != null && tokenOutage.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return delayed(new MockResponse.Builder().code(503).setHeader("Content-Type", "text/html")
                    .body("<html><body>Service Unavailable</body></html>"));
        }
        String[] credentials = provider == Provider.SLACK ? basic(authorization)
                : new String[] {fields.get("client_id"), fields.get("client_secret")};
        if (!clientId(provider).equals(credentials[0]) || !clientSecret(provider).equals(credentials[1])) {
            return delayed(clientRefused(provider));
        }
        if (!"refresh_token".equals(fields.get("grant_type"))) {
            return delayed(switch (provider) {
                case SLACK -> builder(200, "{\"ok\":false,\"error\":\"invalid_grant_type\"}");
                case GITHUB -> builder(200, "{\"error\":\"unsupported_grant_type\"}");
                default -> builder(400, "{\"error\":\"unsupported_grant_type\"}");
            });
        }
        Issue issue;
        synchronized (accepted) { // a refresh token is redeemed once when it rotates, however many ask at once
            String presented = fields.getOrDefault("refresh_token", "");
            issue = accepted.get(provider).get(presented);
            if (issue != null && issue.refreshToken() != null) {
                accepted.get(provider).remove(presented);
            }
        }
        if (issue == null) {
            return delayed(refreshRefused(provider));
        }
        boolean wantsJson = provider != Provider.GITHUB
                || String.valueOf(request.getHeaders().get("Accept")).contains("application/json");
        return delayed(issued(provider, issue, wantsJson));
    }

    private Map<String, String> fields(Provider provider, RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        Map<String, String> fields = new LinkedHashMap<>();
        if (provider == Provider.JIRA) {
            JsonNode json = JSON.readTree(body.isEmpty() ? "{}" : body);
            json.propertyNames().forEach(name -> fields.put(name, json.get(name).asString()));
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return new String[] {null, null};
        }
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? new String[] {decoded, null}
                : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static MockResponse.Builder clientRefused(Provider provider) {
        return switch (provider) {
            case GITHUB -> builder(200, "{\"error\":\"incorrect_client_credentials\",\"error_description\":"
                    + "\"The client_id and/or client_secret passed are incorrect.\"}");
            case JIRA -> builder(401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}");
            case MICROSOFT_GRAPH -> builder(401, "{\"error\":\"invalid_client\",\"error_description\":"
                    + "\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}");
            case SLACK -> builder(200, "{\"ok\":false,\"error\":\"invalid_client_id\"}");
        };
    }

    private static MockResponse.Builder refreshRefused(Provider provider) {
        return switch (provider) {
            case GITHUB -> builder(200, "{\"error\":\"bad_refresh_token\",\"error_description\":\"The refresh token "
                    + "passed is incorrect or expired.\",\"error_uri\":\"https://docs.github.com/apps/managing-oauth-"
                    + "apps/troubleshooting-oauth-app-access-token-request-errors\"}");
            case JIRA -> builder(403, "{\"error\":\"invalid_grant\",\"error_description\":"
                    + "\"Unknown or invalid refresh token.\"}");
            case MICROSOFT_GRAPH -> builder(400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70000: "
                    + "The provided value for the 'refresh_token' is not valid.\\r\\nTrace ID: 0f1b3c2e-6f4a-4d8e-9b7a-"
                    + "2c5d1e8f9a00\\r\\nCorrelation ID: 7d9e2b1c-3a4f-4e5d-8c6b-1a2b3c4d5e6f\\r\\nTimestamp: "
                    + "2025-01-01 00:00:00Z\",\"error_codes\":[70000],\"timestamp\":\"2025-01-01 00:00:00Z\","
                    + "\"trace_id\":\"0f1b3c2e-6f4a-4d8e-9b7a-2c5d1e8f9a00\",\"correlation_id\":"
                    + "\"7d9e2b1c-3a4f-4e5d-8c6b-1a2b3c4d5e6f\",\"error_uri\":"
                    + "\"https://login.microsoftonline.com/error?code=70000\"}");
            case SLACK -> builder(200, "{\"ok\":false,\"error\":\"invalid_refresh_token\"}");
        };
    }

    private static MockResponse.Builder issued(Provider provider, Issue issue, boolean json) {
        Map<String, Object> answer = new LinkedHashMap<>();
        switch (provider) {
            case GITHUB -> {
                answer.put("access_token", issue.accessToken());
                answer.put("expires_in", issue.expiresIn());
                if (issue.refreshToken() != null) {
                    answer.put("refresh_token", issue.refreshToken());
                    answer.put("refresh_token_expires_in", 15_811_200);
                }
                answer.put("scope", "");
                answer.put("token_type", "bearer");
            }
            case JIRA -> {
                answer.put("access_token", issue.accessToken());
                answer.put("expires_in", issue.expiresIn());
                answer.put("token_type", "Bearer");
                if (issue.refreshToken() != null) {
                    answer.put("refresh_token", issue.refreshToken());
                }
                answer.put("scope", "read:jira-work read:jira-user manage:jira-webhook offline_access");
            }
            case MICROSOFT_GRAPH -> {
                answer.put("token_type", "Bearer");
                answer.put("scope", "User.Read Mail.Read Calendars.Read Files.Read.All");
                answer.put("expires_in", issue.expiresIn());
                answer.put("ext_expires_in", issue.expiresIn());
                answer.put("access_token", issue.accessToken());
                if (issue.refreshToken() != null) {
                    answer.put("refresh_token", issue.refreshToken());
                }
            }
            case SLACK -> {
                answer.put("ok", true);
                answer.put("app_id", "A0KRD7HC3");
                answer.put("scope", "channels:history,groups:history,reactions:read,team:read");
                answer.put("token_type", "bot");
                answer.put("access_token", issue.accessToken());
                answer.put("bot_user_id", "U0KRQLJ9H");
                if (issue.refreshToken() != null) {
                    answer.put("refresh_token", issue.refreshToken());
                }
                answer.put("expires_in", issue.expiresIn());
                answer.put("team", Map.of("id", "T9TK3CUKW", "name", "Acme"));
                answer.put("is_enterprise_install", false);
            }
        }
        if (!json) { // GitHub answers form encoding unless asked for JSON
            StringBuilder form = new StringBuilder();
            answer.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=').append(v));
            return new MockResponse.Builder().code(200)
                    .setHeader("Content-Type", "application/x-www-form-urlencoded").body(form.toString());
        }
        return builder(200, JSON.writeValueAsString(answer));
    }

    private static MockResponse.Builder builder(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body);
    }

    private MockResponse delayed(MockResponse.Builder builder) {
        Duration wait = delay;
        if (!wait.isZero()) {
            builder.headersDelay(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
        return builder.build();
    }

    private static MockResponse json(int status, String body) {
        return builder(status, body).build();
    }

    /** Points a test context's OAuth apps at the {@link #shared()} fake. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, shared().properties());
        }
    }
}
