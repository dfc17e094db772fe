package com.poblysh.connectors.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * A stand-in Microsoft Graph API for the integration context, one per test JVM: answers the resources tests
 * register (by path, for one bearer token) and 404 to everything else. Points the processor's enrichment at itself.
 */
public final class MicrosoftGraphApiStandIn implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Map<String, Answer> ANSWERS = new ConcurrentHashMap<>();
    private static MockWebServer server;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                "poblysh.processor.microsoft-graph.api-base-url=" + baseUrl());
    }

    /** The API root, e.g. {@code http://127.0.0.1:41234/v1.0}. */
    public static synchronized String baseUrl() {
        if (server == null) {
            MockWebServer started = new MockWebServer();
            started.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    Answer answer = ANSWERS.get(request.getUrl().encodedPath());
                    if (answer == null || !("Bearer " + answer.token()).equals(request.getHeaders()
                            .get("Authorization"))) {
                        return new MockResponse.Builder().code(404).body("{\"error\":{\"code\":\"NotFound\"}}")
                                .build();
                    }
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .body(answer.json()).build();
                }
            });
            try {
                started.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-graph-stand-in"));
            server = started;
        }
        return server.url("/v1.0").toString();
    }

    /** Answers {@code GET /v1.0/<resource>} with {@code json} when asked with {@code token}. */
    public static void answer(String resource, String token, String json) {
        baseUrl();
        ANSWERS.put("/v1.0/" + resource, new Answer(token, json));
    }

    private record Answer(String token, String json) {
    }
}
