package com.poblysh.connectors.reliability;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every setting of every process of the suite, in one place: what they share (database through the proxy, broker,
 * registry, key) and what each service adds. Only {@code POBLYSH_*} variables, no profile: production defaults,
 * except what one broker on a shared machine cannot give.
 */
final class ProcessSettings {

    private final Map<String, String> common = new LinkedHashMap<>();
    private final String operatorToken = "reliability-" + UUID.randomUUID();
    private final String cryptoKey;

    ProcessSettings(String databaseUrl, String user, String password, String bootstrapServers, String registryUrl,
            int partitions) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        cryptoKey = Base64.getEncoder().encodeToString(key);
        common.put("POBLYSH_DB_URL", databaseUrl);
        common.put("POBLYSH_DB_USER", user);
        common.put("POBLYSH_DB_PASSWORD", password == null ? "" : password);
        common.put("POBLYSH_DB_POOL_SIZE", "5");
        common.put("POBLYSH_CRYPTO_KEY", cryptoKey);
        common.put("POBLYSH_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        common.put("POBLYSH_SCHEMA_REGISTRY_URL", registryUrl);
        common.put("POBLYSH_RAW_EVENTS_PARTITIONS", String.valueOf(partitions));
        common.put("POBLYSH_KAFKA_REPLICATION_FACTOR", "1");
        // One broker cannot give three replicas: the explicit opt-out of the durability check.
        common.put("POBLYSH_KAFKA_ALLOW_LOW_DURABILITY", "true");
    }

    /** The key every service seals secrets with (the suite seals the tenants' webhook secrets with it too). */
    String cryptoKey() {
        return cryptoKey;
    }

    /** Core's bearer token for query-api. */
    String operatorToken() {
        return operatorToken;
    }

    Map<String, String> query(int port) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("POBLYSH_QUERY_PORT", String.valueOf(port));
        env.put("POBLYSH_OPERATOR_TOKENS", operatorToken);
        env.put("POBLYSH_CURSOR_SECRET", "reliability-cursor-secret-" + UUID.randomUUID());
        return env;
    }

    Map<String, String> ingest(int port) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("POBLYSH_INGEST_PORT", String.valueOf(port));
        env.put("POBLYSH_OPERATOR_TOKENS", operatorToken);
        // The tenants' connections are webhook-only (no access token): without the jobs engine nobody polls them
        // into `error`, which would refuse their webhooks.
        env.put("POBLYSH_JOBS_ENABLED", "false");
        return env;
    }

    Map<String, String> processor(int port, String group) {
        Map<String, String> env = new LinkedHashMap<>(common);
        env.put("POBLYSH_PROCESSOR_PORT", String.valueOf(port));
        env.put("POBLYSH_PROCESSOR_GROUP_ID", group);
        env.put("POBLYSH_PROCESSOR_CONCURRENCY", "2");
        env.put("POBLYSH_MICROSOFT_GRAPH_ENRICHMENT", "false");
        return env;
    }

    /**
     * Arguments of a processor: a killed consumer's partitions wait for its session to expire (45 s by default)
     * before another takes them; 10 s keeps the suite in minutes. Not a POBLYSH_* setting: a deployment does not
     * need to change it.
     */
    List<String> processorArgs() {
        return List.of("--spring.kafka.consumer.properties.session.timeout.ms=10000");
    }
}
