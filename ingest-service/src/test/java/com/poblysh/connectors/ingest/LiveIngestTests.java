package com.poblysh.connectors.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What the {@link IngestIntegrationTest}s that post over real HTTP work with: the port, a client, the database. */
public abstract class LiveIngestTests {

    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected SecretCipher cipher;

    @Autowired
    protected JsonMapper json;

    /** Posts a JSON {@code body} with {@code headers} to {@code /webhooks/{provider}/{tenant}}. */
    protected HttpResponse<String> post(String provider, UUID tenant, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return post("/webhooks/" + provider + "/" + tenant, body, headers);
    }

    /** Posts a JSON {@code body} with {@code headers} to {@code path} on this service. */
    protected HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
