package com.poblysh.connectors.common.oauth;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to providers' OAuth endpoints: bounded in time ({@code poblysh.oauth.timeout}) and in answer size, no
 * redirects (a redirected token request could carry the client secret elsewhere), and every transport failure
 * turned into a {@link ProviderCallException}. Never logs requests or answers: both carry secrets. The connect flow
 * (query-api) and the token refresher each create one; dialects are handed it.
 */
public final class OAuthHttp {

    /** Answers larger than this are not OAuth answers; reading stops there. */
    static final int MAX_ANSWER_BYTES = 256 * 1024;

    /** A provider's answer: its HTTP status and JSON body (null when the body is not JSON). */
    public record Reply(int status, JsonNode json) {

        /** Whether the status is 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Upstream error of an unusable answer: {@code invalid_response} on a 2xx, else {@code http_<status>}. */
        public String failure() {
            return ok() ? "invalid_response" : "http_" + status;
        }

        /** The string (or number) at {@code field} of the answer, else null. */
        public String text(String field) {
            return OAuthHttp.text(json, field);
        }
    }

    /** The string (or number) at {@code field}, else null; tolerates a null or non-object node. */
    public static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || !(value.isString() || value.isNumber())) {
            return null;
        }
        return value.asString();
    }

    private final RestClient rest;
    private final JsonMapper json;

    /** A client whose connect and response timeouts are each {@code timeout}. */
    public OAuthHttp(Duration timeout, JsonMapper json) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(timeout);
        this.rest = RestClient.builder().requestFactory(factory).build();
        this.json = json;
    }

    /** POSTs an {@code application/x-www-form-urlencoded} body. */
    public Reply postForm(Provider provider, URI uri, MultiValueMap<String, String> form,
            Consumer<HttpHeaders> headers) {
        return send(provider, HttpMethod.POST, uri, headers, MediaType.APPLICATION_FORM_URLENCODED, form);
    }

    /** Sends a JSON body ({@code Object} serialized with the service's mapper) with {@code method}. */
    public Reply sendJson(Provider provider, HttpMethod method, URI uri, Object body, Consumer<HttpHeaders> headers) {
        return send(provider, method, uri, headers, MediaType.APPLICATION_JSON, json.writeValueAsString(body));
    }

    /** GETs {@code uri}. */
    public Reply get(Provider provider, URI uri, Consumer<HttpHeaders> headers) {
        return send(provider, HttpMethod.GET, uri, headers, null, null);
    }

    private Reply send(Provider provider, HttpMethod method, URI uri, Consumer<HttpHeaders> headers,
            MediaType contentType, Object body) {
        try {
            RestClient.RequestBodySpec request = rest.method(method).uri(uri).headers(h -> {
                h.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
                headers.accept(h);
            });
            if (body != null) {
                request.contentType(contentType).body(body);
            }
            return request.exchange((req, res) -> new Reply(res.getStatusCode().value(), parse(res.getBody())),
                    false);
        } catch (ResourceAccessException e) {
            throw new ProviderCallException(provider, null, isTimeout(e) ? "timeout" : "unreachable");
        }
    }

    private JsonNode parse(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        if (bytes.length == 0 || bytes.length > MAX_ANSWER_BYTES) {
            return null;
        }
        try {
            return json.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
