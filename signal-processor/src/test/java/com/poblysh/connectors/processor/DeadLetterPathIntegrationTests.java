package com.poblysh.connectors.processor;

import static com.poblysh.connectors.processor.TestPipeline.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter path always ends on the topic: a poison record as large as ingest may publish fits it, and a
 * topic that refuses dead letters for a while is an ERROR on each (ever rarer) attempt, not a silent hot loop.
 */
@ProcessorIntegrationTest
class DeadLetterPathIntegrationTests {

    @RegisterExtension
    static final TestPipeline pipeline = new TestPipeline();

    @Test
    void aPoisonRecordOfSeveralMebibytesIsDeadLettered() throws Exception {
        String tenant = UUID.randomUUID().toString();
        // Ingest with POBLYSH_INGEST_MAX_BODY_BYTES=4MB writes such records, once its topic allows them.
        alter(Topics.RAW_EVENTS.name(), 6 * 1024 * 1024);
        try {
            byte[] garbage = new byte[3 * 1024 * 1024];
            Arrays.fill(garbage, (byte) 'x');

            pipeline.sendBytes(tenant, garbage);

            var dead = await().atMost(WAIT).until(() -> pipeline.deadLetters(tenant), found -> !found.isEmpty());
            assertThat(dead.get(0).value()).hasSize(garbage.length);
        } finally {
            alter(Topics.RAW_EVENTS.name(), 1024 * 1024);
        }
    }

    @Test
    void aDeadLetterTheTopicRefusesIsRetriedLoudlyAndEverRarerUntilTheTopicTakesIt() throws Exception {
        String tenant = UUID.randomUUID().toString();
        List<ILoggingEvent> errors;
        try (CapturedLogs logs = CapturedLogs.start()) {
            alter(Topics.RAW_EVENTS_DLT.name(), 1024); // an operator's mistake: smaller than the record
            try {
                pipeline.sendBytes(tenant, "not avro, and longer than a kibibyte: ".repeat(40).getBytes());

                await().atMost(WAIT).until(() -> refusals(logs, tenant).size() >= 4);
                // Retries wait 100, 200, 400 ms, ... (the tests' initial interval): not a hot loop.
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> refusals(logs, tenant).size() <= 8);
                assertThat(pipeline.deadLetters(tenant)).isEmpty();
            } finally {
                alter(Topics.RAW_EVENTS_DLT.name(), KafkaConfiguration.DEAD_LETTER_MAX_RECORD_BYTES);
            }
            await().atMost(WAIT).until(() -> pipeline.deadLetters(tenant), found -> found.size() == 1);
            errors = refusals(logs, tenant);
        }

        assertThat(errors).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("could not be dead-lettered", "its partition waits"));
        assertThat(errors).extracting(ILoggingEvent::getTimeStamp).isSorted();
    }

    private static List<ILoggingEvent> refusals(CapturedLogs logs, String tenant) {
        return logs.ofProcessorAndSpringKafka().stream()
                .filter(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("tenant " + tenant))
                .toList();
    }

    private static void alter(String topic, int maxMessageBytes) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(maxMessageBytes)), AlterConfigOp.OpType.SET)))).all().get();
        }
    }
}
