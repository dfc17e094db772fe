package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A replay started over HTTP, on the whole stack: query-api queues it, the signal-processor's run worker runs it
 * with its own consumer group, and the lost signal is back under its old id.
 */
class OperationsPipelineIntegrationTests extends OnRunningStack {

    @Test
    void aReplayStartedOverHttpIsRunByTheProcessorAndBringsALostSignalBack() throws Exception {
        UUID tenant = client.connectedTenant(Provider.GITHUB);
        Instant before = Instant.now().minusSeconds(1);
        assertThat(client.postSignedIssue(tenant, UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)).statusCode()).isEqualTo(202);
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> client.signals(tenant),
                list -> list.size() == 1).get(0).path("id").asString();
        forgetSignals(tenant);
        assertThat(client.signals(tenant)).isEmpty();

        HttpResponse<String> started = operator("/operations/replays", """
                {"from": "%s", "tenant_id": "%s", "rate": 100}""".formatted(before, tenant));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String run = PipelineClient.JSON.readTree(started.body()).path("id").asString();

        JsonNode finished = await().atMost(Duration.ofSeconds(60)).until(() -> read(run),
                r -> r.path("status").asString().matches("succeeded|failed|cancelled"));
        assertThat(finished.path("status").asString()).as(finished.toString()).isEqualTo("succeeded");
        assertThat(finished.at("/progress/stored").asLong()).isEqualTo(1);
        assertThat(client.signals(tenant)).extracting(s -> s.path("id").asString()).containsExactly(id);
    }

    private static JsonNode read(String run) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create(stack.queryUrl() + "/operations/runs/" + run))
                .header("Authorization", "Bearer " + stack.settings().operatorToken()).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PipelineClient.JSON.readTree(response.body());
    }

    private static HttpResponse<String> operator(String path, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + path))
                .header("Authorization", "Bearer " + stack.settings().operatorToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void forgetSignals(UUID tenant) throws Exception {
        DatabaseBootstrap.Target db = stack.database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            for (String table : new String[] {"signals", "signal_keys"}) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE tenant_id = ?")) {
                    delete.setObject(1, tenant);
                    delete.executeUpdate();
                }
            }
        }
    }
}
