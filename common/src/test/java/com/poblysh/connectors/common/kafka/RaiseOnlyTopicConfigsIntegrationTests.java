package com.poblysh.connectors.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.testsupport.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On a real broker: declared limits raise an existing topic's settings and never lower an operator's. */
class RaiseOnlyTopicConfigsIntegrationTests {

    private Admin admin;
    private String name;

    @BeforeEach
    void topicAsAnOperatorLeftIt() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
        name = "durability-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "10485760",
                TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get(30, TimeUnit.SECONDS);
        // Metadata reaches the broker's other listeners a moment after creation.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> setting(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).equals("10485760"));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void keepsALimitAnOperatorRaisedAndRaisesOneBelowTheDeclaredValue() throws Exception {
        NewTopic declared = new NewTopic(name, 1, (short) 1).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2097152", TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1",
                TopicConfig.RETENTION_MS_CONFIG, "604800000"));

        assertThat(RaiseOnlyTopicConfigs.raise(admin, List.of(declared))).isEmpty();
        assertThat(setting(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).isEqualTo("10485760");
        assertThat(setting(TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1"); // not a limit it manages

        NewTopic larger = new NewTopic(name, 1, (short) 1).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "20971520"));
        assertThat(RaiseOnlyTopicConfigs.raise(admin, List.of(larger))).singleElement().asString()
                .contains("max.message.bytes 10485760 -> 20971520");
        assertThat(setting(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)).isEqualTo("20971520");
    }

    @Test
    void leavesTopicsThatDoNotExistToTheirCreation() throws Exception {
        NewTopic absent = new NewTopic("absent-" + UUID.randomUUID(), 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2097152"));

        assertThat(RaiseOnlyTopicConfigs.raise(admin, List.of(absent))).isEmpty();
    }

    private String setting(String key) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get(key).value();
    }
}
