package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's session with the operator console of a running stack, over plain HTTP: the session cookie, the
 * sign-in form, and forms posted with the CSRF token of the page they are on. Redirects are not followed, so a test
 * sees where the console sends it.
 */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private ConsoleSession(String base) {
        this.base = base;
    }

    /** Signs in at {@code base + /login} with the form, as a person would; fails unless the console admits it. */
    static ConsoleSession signIn(String base, String username, String password) {
        ConsoleSession session = new ConsoleSession(base);
        String login = session.get("/login").body();
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(csrf(login));
        HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(signedIn.statusCode()).as("sign-in answer").isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).as("sign-in redirect")
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/provider-connections"));
        return session;
    }

    /** {@code GET} of a path of the console's service ({@code /admin/...}). */
    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** The page at {@code path}, which must answer 200. */
    String page(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** Submits a form of {@code page} (no fields but its CSRF token) to {@code action}; the answer, unfollowed. */
    HttpResponse<String> submit(String page, String action) {
        return send(HttpRequest.newBuilder(URI.create(base + action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf(page)))).build());
    }

    private static String csrf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("a CSRF token in %s", page).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return PipelineClient.send(browser, request);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
