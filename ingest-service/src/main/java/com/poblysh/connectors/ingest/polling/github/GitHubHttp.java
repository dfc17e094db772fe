package com.poblysh.connectors.ingest.polling.github;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every call to GitHub's REST API shares, for polling and provisioning alike: one API root that the token never
 * leaves (redirects are not followed), the same headers, and GitHub's error {@code message} read the same way.
 */
public final class GitHubHttp {

    private static final String API_VERSION = "2022-11-28";

    private final String apiBaseUrl;
    private final Duration timeout;
    private final JsonMapper json;
    private final HttpClient client;

    /** A client for the API under {@code apiBaseUrl} (no trailing slash), each request within {@code timeout}. */
    public GitHubHttp(String apiBaseUrl, Duration timeout, JsonMapper json) {
        this.apiBaseUrl = apiBaseUrl;
        this.timeout = timeout;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The client requests go out with. */
    public HttpClient client() {
        return client;
    }

    /** How long one request may take. */
    public Duration timeout() {
        return timeout;
    }

    /** {@code <api root><pathAndQuery>}, e.g. {@code /user/repos?per_page=100}. */
    public String url(String pathAndQuery) {
        return apiBaseUrl + pathAndQuery;
    }

    /** Whether {@code url} (e.g. a comment's {@code issue_url}) is under the API root, so the token may go there. */
    public boolean ours(String url) {
        return url != null && url.startsWith(apiBaseUrl + "/");
    }

    /** The path of the API root, e.g. {@code /api/v3}. */
    public String rootPath() {
        return URI.create(apiBaseUrl).getPath();
    }

    /** The path and query without the API root, for messages that must not carry hosts or tokens. */
    public String path(URI uri) {
        String full = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String root = rootPath();
        return full.startsWith(root) ? full.substring(root.length()) : full;
    }

    /** A request to {@code uri} (checked to be under the API root) with the connection's token and GitHub's headers. */
    public HttpRequest.Builder request(URI uri, String token) {
        if (!ours(uri.toString())) {
            throw new IllegalArgumentException("not under the GitHub API root: " + uri);
        }
        return HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "poblysh-connectors");
    }

    /** An answer's body as JSON, JSON null when empty. */
    public JsonNode json(byte[] body) throws JacksonException {
        return body.length == 0 ? json.nullNode() : json.readTree(body);
    }

    /** GitHub's error {@code message} of an answer's body, else the start of the body. */
    public String message(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode node = json.readTree(text);
            if (node.path("message").isString()) {
                return node.path("message").stringValue();
            }
        } catch (JacksonException e) {
            // an HTML error page: its start says enough
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
