package com.poblysh.connectors.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A service that declares topics refuses a production start on fewer than three replicas unless told otherwise. */
class KafkaDurabilityTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaDurabilityAutoConfiguration.class))
            .withUserConfiguration(Pipeline.class)
            .withPropertyValues("poblysh.kafka.schema-registry-url=http://127.0.0.1:1",
                    "poblysh.kafka.raw-events-partitions=12");

    @Test
    void refusesOneReplicaOutsideTheLocalAndTestProfiles() {
        context.withPropertyValues("poblysh.kafka.replication-factor=1").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("POBLYSH_KAFKA_REPLICATION_FACTOR is 1").hasMessageContaining("POBLYSH_KAFKA_ALLOW_LOW_DURABILITY=true");
        });
        context.withPropertyValues("poblysh.kafka.replication-factor=2")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void startsOnThreeReplicasOrWhenAllowedOrInTheLocalAndTestProfiles() {
        context.withPropertyValues("poblysh.kafka.replication-factor=3")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("poblysh.kafka.replication-factor=1", "poblysh.kafka.allow-low-durability=true")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("poblysh.kafka.replication-factor=1", "spring.profiles.active=local")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("poblysh.kafka.replication-factor=1", "spring.profiles.active=test")
                .run(started -> assertThat(started).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KafkaPipelineProperties.class)
    static class Pipeline {
    }
}
