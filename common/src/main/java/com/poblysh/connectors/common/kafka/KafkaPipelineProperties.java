package com.poblysh.connectors.common.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Kafka pipeline shared by the services that produce or consume it (the broker address itself is
 * Spring's {@code spring.kafka.bootstrap-servers}, mapped from {@code POBLYSH_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param schemaRegistryUrl  Confluent-compatible schema registry ({@code POBLYSH_SCHEMA_REGISTRY_URL})
 * @param rawEventsPartitions partitions of {@code connectors.raw-events} and of its dead-letter topic when this service
 *                            creates them ({@code POBLYSH_RAW_EVENTS_PARTITIONS}, default 12)
 * @param replicationFactor  replication factor of topics this service creates
 *                           ({@code POBLYSH_KAFKA_REPLICATION_FACTOR})
 * @param allowLowDurability whether a service outside the {@code local} and {@code test} profiles may start with a
 *                           replication factor below 3 ({@code POBLYSH_KAFKA_ALLOW_LOW_DURABILITY}, default false: a
 *                           single broker's loss would lose acknowledged webhooks)
 */
@Validated
@ConfigurationProperties("poblysh.kafka")
public record KafkaPipelineProperties(
        @NotBlank String schemaRegistryUrl,
        @Min(1) int rawEventsPartitions,
        @Min(1) short replicationFactor,
        @DefaultValue("false") boolean allowLowDurability) {

    /** Largest webhook body ingest may be configured to accept (64 MiB); the dead-letter path is sized from it. */
    public static final int LARGEST_WEBHOOK_BODY_BYTES = 64 * 1024 * 1024;

    /** Replication factor below which a production start needs {@code allowLowDurability}. */
    public static final int DURABLE_REPLICATION_FACTOR = 3;

    @ConstructorBinding
    public KafkaPipelineProperties {
    }

    /** Settings with the durability rules enforced (tests and tools that build them by hand). */
    public KafkaPipelineProperties(String schemaRegistryUrl, int rawEventsPartitions, short replicationFactor) {
        this(schemaRegistryUrl, rawEventsPartitions, replicationFactor, false);
    }

    /**
     * {@code min.insync.replicas} of the topics this service creates. acks=all only means "on more than one broker"
     * when the topic demands it: 2 of 3 replicas in production, 1 on a single-broker development stack.
     */
    public int minInSyncReplicas() {
        return Math.min(2, Math.max(1, replicationFactor - 1));
    }
}
