package com.poblysh.connectors.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.RestSchemaRegistryClient;
import org.junit.jupiter.api.Test;

/** The raw event's schema is registered while ingest starts, not inside the first webhook's send(). */
class RawEventSchemaRegistrationTests {

    @Test
    void registersTheRawEventSchemaAtStartUp() throws Exception {
        try (InProcessSchemaRegistry registry = InProcessSchemaRegistry.start(0)) {
            RawEventSchemaRegistration registration = new RawEventSchemaRegistration(
                    new RestSchemaRegistryClient(registry.url(), Duration.ofSeconds(2)));

            registration.afterPropertiesSet();

            assertThat(registration.id()).isNotNull();
            assertThat(subjects(registry.url())).contains("connectors.raw-events-value");
            registration.destroy();
        }
    }

    @Test
    void aRegistryAwayAtStartUpDoesNotStopTheServiceAndIsRegisteredWithOnceItAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RawEventSchemaRegistration registration = new RawEventSchemaRegistration(
                new RestSchemaRegistryClient("http://127.0.0.1:" + port, Duration.ofSeconds(1)));
        registration.afterPropertiesSet();
        assertThat(registration.id()).isNull();
        try (InProcessSchemaRegistry registry = InProcessSchemaRegistry.start(port)) {
            await("registered in the background").atMost(Duration.ofSeconds(20))
                    .until(() -> registration.id() != null);
            assertThat(subjects(registry.url())).contains("connectors.raw-events-value");
        } finally {
            registration.destroy();
        }
    }

    private static String subjects(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
