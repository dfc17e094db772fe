package com.poblysh.connectors.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * The HTTP side the fake provider APIs of the kit share ({@code testkit.jira}, {@code testkit.microsoftgraph}): a
 * server on a free loopback port, every request logged with the bearer token it carried, and JSON answers whose
 * {@code Date} header comes from the fake's clock. What each request is answered with is the fake's own.
 */
public final class FakeServer implements AutoCloseable {

    /** One request as the fake saw it: method, path, query (null without one) and bearer token (null without one). */
    public record Request(String method, String path, String query, String token) {
    }

    private final MockWebServer server = new MockWebServer();
    private final Clock clock;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeServer(Clock clock) {
        this.clock = clock;
    }

    /** A started server answering each request with {@code answer}, given the request and how it was logged. */
    public static FakeServer start(Clock clock, BiFunction<RecordedRequest, Request, MockResponse> answer) {
        FakeServer fake = new FakeServer(clock);
        fake.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                HttpUrl url = request.getUrl();
                String authorization = request.getHeaders().get("Authorization");
                String token = authorization != null && authorization.startsWith("Bearer ")
                        ? authorization.substring(7) : null;
                Request logged = new Request(request.getMethod(), url.encodedPath(), url.query(), token);
                fake.requests.add(logged);
                return answer.apply(request, logged);
            }
        });
        try {
            fake.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    /** {@code http://127.0.0.1:<port><path>}, e.g. the fake's base URL. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** Every request answered so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests made with {@code token}. */
    public List<Request> requests(String token) {
        return requests.stream().filter(r -> token.equals(r.token())).toList();
    }

    /** An answer with {@code body} as {@code contentType}, dated by the fake's clock, and {@code headers}. */
    public MockResponse json(int code, String contentType, String body, Map<String, String> headers) {
        MockResponse.Builder response = new MockResponse.Builder().code(code)
                .addHeader("Content-Type", contentType)
                .addHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant()
                        .atOffset(ZoneOffset.UTC)))
                .body(body);
        headers.forEach(response::addHeader);
        return response.build();
    }

    @Override
    public void close() {
        server.close();
    }
}
