package com.poblysh.connectors.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import com.poblysh.connectors.ingest.IngestProperties;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.unit.DataSize;

/**
 * docs/runbooks/add-raw-events-partitions.md: raising {@code POBLYSH_RAW_EVENTS_PARTITIONS} and restarting
 * ingest-service grows the existing {@code connectors.raw-events} (its declaration, applied by Spring's
 * {@link KafkaAdmin} at start-up as here), keeping what it holds; lowering it never shrinks the topic. A broker of
 * its own, because the shared test broker's partition count is fixed.
 */
class PartitionGrowthTests {

    EmbeddedKafkaKraftBroker broker;
    KafkaAdmin admin;

    @BeforeEach
    void broker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.RAW_EVENTS.name());
        broker.afterPropertiesSet();
        admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    @AfterEach
    void stop() {
        broker.destroy();
    }

    @Test
    void restartingWithMorePartitionsGrowsTheTopicAndFewerNeverShrinksIt() throws Exception {
        assertThat(partitions()).isEqualTo(3);

        admin.createOrModifyTopics(declared(6));
        // the broker's metadata catches up with the new partitions a moment later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partitions()).isEqualTo(6));

        admin.createOrModifyTopics(declared(4));
        assertThat(partitions()).isEqualTo(6);
    }

    private static NewTopic declared(int partitions) {
        return new KafkaTopicsConfiguration().rawEventsTopic(
                new KafkaPipelineProperties("http://127.0.0.1:1", partitions, (short) 1),
                new IngestProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    private int partitions() throws Exception {
        try (Admin client = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            TopicDescription topic = client.describeTopics(List.of(Topics.RAW_EVENTS.name())).allTopicNames()
                    .get().get(Topics.RAW_EVENTS.name());
            return topic.partitions().size();
        }
    }
}
