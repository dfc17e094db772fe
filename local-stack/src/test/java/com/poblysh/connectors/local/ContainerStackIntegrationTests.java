package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.WireFormat;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Under {@code -Pdocker} the full-stack tests run on the containers of docker-compose.yml; this one checks that the
 * stack really is on them: a signed webhook becomes a signal, its raw event names a schema that Confluent Schema
 * Registry holds, and the signal is in the PostgreSQL container. Tagged {@code docker}: not run by default.
 */
@Tag("docker")
class ContainerStackIntegrationTests {

    @Test
    void signedGithubWebhookBecomesASignalThroughKafkaConfluentSchemaRegistryAndPostgresqlContainers() throws Exception {
        LocalStack stack = RunningStack.get();
        ContainerStack containers = RunningStack.containers();
        assertThat(containers).as("this test runs under -Pdocker only").isNotNull();
        PipelineClient client = new PipelineClient(stack);
        UUID tenant = UUID.randomUUID();

        HttpResponse<String> accepted = client.postSignedIssue(tenant, UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> client.signals(tenant).size() == 1);
        assertThat(stack.kafkaBootstrapServers()).isEqualTo(containers.kafkaBootstrapServers());
        assertThat(stack.registryUrl()).isEqualTo(containers.registryUrl());
        var records = client.recordsFor(Topics.RAW_EVENTS.name(), tenant, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        JsonNode latest = PipelineClient.JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(
                containers.registryUrl() + "/subjects/" + Topics.RAW_EVENTS.valueSubject() + "/versions/latest"))
                .GET().build()).body());
        assertThat(WireFormat.schemaId(records.get(0).value())).isEqualTo(latest.path("id").asInt());
        assertThat(new Schema.Parser().parse(latest.path("schema").asString())).isEqualTo(RawEvent.getClassSchema());
        try (Connection db = DriverManager.getConnection(containers.jdbcUrl(), containers.dbUser(), containers.dbPassword());
             PreparedStatement count = db.prepareStatement("SELECT count(*) FROM signals WHERE tenant_id = ?")) {
            count.setObject(1, tenant);
            try (ResultSet rs = count.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }
}
