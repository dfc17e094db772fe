package com.poblysh.connectors.common.kafka;

/** Refuses a production start whose topics would live on fewer than three brokers, unless explicitly allowed. */
final class DurabilityCheck {

    void verify(KafkaPipelineProperties kafka, boolean relaxedProfile) {
        if (relaxedProfile || kafka.allowLowDurability()
                || kafka.replicationFactor() >= KafkaPipelineProperties.DURABLE_REPLICATION_FACTOR) {
            return;
        }
        throw new IllegalStateException("POBLYSH_KAFKA_REPLICATION_FACTOR is " + kafka.replicationFactor()
                + " (min.insync.replicas " + kafka.minInSyncReplicas() + "): losing one broker would lose "
                + "acknowledged events. Use 3 or more brokers, or set POBLYSH_KAFKA_ALLOW_LOW_DURABILITY=true for "
                + "a single-broker stack; only the local and test profiles may run without.");
    }
}
