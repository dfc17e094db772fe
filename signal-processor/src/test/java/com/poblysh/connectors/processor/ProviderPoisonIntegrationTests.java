package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static com.poblysh.connectors.processor.TestPipeline.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The processor's side of each provider's bad-input table: a raw event whose payload is not JSON, not an object, or
 * lacks what the mapping needs goes to the dead-letter topic with the reason, stores nothing, and the tenant's next
 * event is still stored.
 */
@ProcessorIntegrationTest
class ProviderPoisonIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Autowired
    JdbcClient jdbc;

    @ParameterizedTest(name = "{0} {1}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "slack           | message            | `{\"event\": {\"type\": `                     | payload is not valid JSON",
            "slack           | message            | `[1, 2]`                                        | payload is not a JSON object",
            "slack           | message            | `{\"event_id\": \"Ev1\"}`                       | payload lacks object /event",
            "slack           | message            | `{\"event\": {\"type\": \"message\"}}`          | payload lacks a timestamp at /ts or /event_ts",
            "slack           | reaction_added     | `{\"event\": {\"event_ts\": \"1.5\"}}`          | payload lacks text /reaction",
            "jira            | jira:issue_created | `{\"webhookEvent\": \"jira:issue_created\"}`    | payload lacks object /issue",
            "jira            | jira:issue_updated | `{\"issue\": {\"key\": \"P-1\", \"fields\": {\"updated\": \"noon\"}}}` | not an ISO-8601 date-time: noon",
            "jira            | comment_created    | `{\"issue\": {\"key\": \"P-1\"}}`               | payload lacks object /comment",
            "microsoft_graph | message.created    | `not json at all`                                | payload is not valid JSON",
            "microsoft_graph | event.updated      | `{\"changeType\": \"updated\"}`                 | payload lacks text /resource",
            "microsoft_graph | driveItem.deleted  | `{\"resource\": \"drives/b!x/root\"}`           | payload lacks text /changeType"})
    void deadLettersAPoisonEventWithItsReasonAndStoresTheNextOne(String provider, String eventType, String payload,
            String reason) {
        UUID tenant = UUID.randomUUID();
        String marker = UUID.randomUUID().toString();

        pipeline.send(event(provider, tenant, eventType, UUID.randomUUID().toString(), payload));
        pipeline.send(TestPipeline.githubEvent(tenant, "issues", marker,
                TestPipeline.issueOpened("After the poison", Instant.now())));

        await().atMost(WAIT).until(() -> count(tenant) == 1);
        ConsumerRecord<String, byte[]> dead = await().atMost(WAIT)
                .until(() -> pipeline.deadLetters(tenant.toString()), found -> !found.isEmpty()).get(0);
        assertThat(header(dead, "kafka_dlt-exception-message")).contains(reason);
        assertThat(jdbc.sql("SELECT dedupe_key FROM signals WHERE tenant_id = ?").param(tenant)
                .query(String.class).list()).containsExactly("github:" + marker);
    }

    private long count(UUID tenant) {
        return jdbc.sql("SELECT count(*) FROM signals WHERE tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
