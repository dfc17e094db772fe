package com.poblysh.connectors.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

import com.poblysh.connectors.bench.github.GithubEvents;
import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.SerdeConfig;
import com.poblysh.connectors.schemas.Topic;
import com.poblysh.connectors.schemas.Topics;
import com.poblysh.connectors.schemas.avro.RawEvent;
import com.poblysh.connectors.stack.InJvmStack;
import com.poblysh.connectors.stack.InJvmStack.Service;
import com.poblysh.connectors.stack.SeededConnections;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What the bench runs against: the pipeline in this JVM like the local run ({@link InJvmStack}), in a throw-away
 * database {@code poblysh_bench_<random>} (dropped at the end), with the three services on free ports. The
 * processor's listener starts stopped, so each scenario decides when it consumes.
 */
final class BenchStack implements AutoCloseable {

    static final String OPERATOR_TOKEN = "bench-operator-token";
    static final String GITHUB_SECRET = "bench-github-webhook-secret";
    /** The processor's listener id (see {@code RawEventListener}). */
    static final String LISTENER_ID = "raw-events";

    private final InJvmStack stack;
    private final int partitions;
    private final String databaseName;

    private BenchStack(InJvmStack stack, int partitions, String databaseName) {
        this.stack = stack;
        this.partitions = partitions;
        this.databaseName = databaseName;
    }

    /**
     * Starts everything against the PostgreSQL server of {@code POBLYSH_DB_URL} (default 127.0.0.1:5432), in a new
     * database; on failure stops what already started.
     */
    static BenchStack start(Map<String, String> env, int partitions) {
        String serverUrl = env.getOrDefault("POBLYSH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/poblysh");
        String databaseName = "poblysh_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String url = serverUrl.replaceFirst("/[A-Za-z0-9_]+(\\?.*)?$", "/" + databaseName);
        // Fixed free ports (rather than port 0) name each service's Tomcat threads http-nio-<port>-exec-*, which the
        // CPU figures rely on.
        InJvmStack stack = InJvmStack.builder(url, env.getOrDefault("POBLYSH_DB_USER", "postgres"),
                        env.getOrDefault("POBLYSH_DB_PASSWORD", ""))
                .dropDatabaseOnClose(databaseName)
                .partitions(partitions)
                .port(Service.QUERY, InJvmStack.freeLoopbackPort())
                .port(Service.PROCESSOR, InJvmStack.freeLoopbackPort())
                .port(Service.INGEST, InJvmStack.freeLoopbackPort())
                .property("poblysh.auth.operator-tokens", OPERATOR_TOKEN)
                .property(Service.PROCESSOR, "spring.kafka.listener.auto-startup", false)
                // the bench's connections have no token: a poll would put them in error and close their webhooks
                .property(Service.INGEST, "poblysh.ingest.jobs.enabled", false)
                // the bench measures what ingest can take from one address, not where its overload bounds refuse
                .property(Service.INGEST, "poblysh.ingest.overload.address-rate", 1_000_000)
                .property(Service.INGEST, "poblysh.ingest.overload.address-burst", 1_000_000)
                .property(Service.INGEST, "poblysh.ingest.overload.tenant-rate", 1_000_000)
                .property(Service.INGEST, "poblysh.ingest.overload.tenant-burst", 1_000_000)
                .property(Service.INGEST, "poblysh.ingest.overload.max-in-flight", 10_000)
                .start();
        return new BenchStack(stack, partitions, databaseName);
    }

    /**
     * Gives each of the scenario's first {@code tenants} tenants a GitHub connection holding the bench's hook secret
     * and bound to every organization the bench's events come from, as provisioning would after connecting an
     * organization, so every posted webhook is attributed to its tenant's connection.
     */
    void connectGithubTenants(int scenario, int tenants) {
        SeededConnections seeded = new SeededConnections(stack);
        List<ExternalIdentity> organizations = GithubEvents.organizationIds().stream()
                .map(id -> ExternalIdentity.of(IdentityKind.GITHUB_ORGANIZATION, id)).toList();
        for (int i = 0; i < tenants; i++) {
            seeded.upsert(Tenants.id(scenario, i), Provider.GITHUB, "bench-github", "Bench organizations",
                    GITHUB_SECRET, null, organizations);
        }
    }

    int ingestPort() {
        return stack.port(Service.INGEST);
    }

    int queryPort() {
        return stack.port(Service.QUERY);
    }

    String bootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    String registryUrl() {
        return stack.registryUrl();
    }

    /**
     * Produces events {@code [from, to)} straight to the raw-events topic, keyed by tenant, the way the ingest
     * service's producer does (idempotent, {@code acks=all}), batched for throughput; returns once all are acked.
     */
    void produceRawEvents(String clientId, int from, int to, IntFunction<RawEvent> event) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        SerdeConfig serdes = SerdeConfig.of(registryUrl());
        Topic<String, byte[]> rawEvents = Topics.RAW_EVENTS.valueAsBytes();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, rawEvents.keySerializer(serdes),
                rawEvents.valueSerializer(serdes));
             Serializer<RawEvent> serializer = Topics.RAW_EVENTS.valueSerializer(serdes)) {
            for (int i = from; i < to; i++) {
                RawEvent raw = event.apply(i);
                producer.send(new ProducerRecord<>(Topics.RAW_EVENTS.name(), raw.getTenantId().toString(),
                        serializer.serialize(Topics.RAW_EVENTS.name(), raw)));
            }
            producer.flush();
        }
    }

    String databaseName() {
        return databaseName;
    }

    /** Where the bench database is (for a tool run against the stack, such as connectors-admin). */
    DatabaseBootstrap.Target database() {
        return stack.database();
    }

    /** A plain JDBC connection to the bench database, set up like the processor's pool (batched inserts rewritten). */
    Connection connect() throws SQLException {
        DatabaseBootstrap.Target database = stack.database();
        Properties props = new Properties();
        props.setProperty("user", database.user());
        if (database.password() != null && !database.password().isEmpty()) {
            props.setProperty("password", database.password());
        }
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(database.url(), props);
    }

    /** The processor's raw-event listener container (started and stopped by the scenarios). */
    MessageListenerContainer processorListener() {
        return processor().getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
    }

    /** Starts the processor's listener and waits until it holds every partition of the raw-events topic. */
    void startProcessor() throws InterruptedException {
        MessageListenerContainer listener = processorListener();
        listener.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (listener.getAssignedPartitions() == null || listener.getAssignedPartitions().size() < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the processor was not assigned its partitions in 60 s");
            }
            Thread.sleep(5);
        }
    }

    /** The processor's consumer group. */
    String processorGroup() {
        return processor().getEnvironment().getRequiredProperty("spring.kafka.consumer.group-id");
    }

    /** Listener threads of the processor (named raw-events-&lt;n&gt;-C-1). */
    int processorConcurrency() {
        return processor().getEnvironment().getProperty("spring.kafka.listener.concurrency", Integer.class, 1);
    }

    /** Whether a thread belongs to ingest-service: its Tomcat workers or its Kafka producer's I/O thread. */
    boolean isIngestThread(String name) {
        return name.startsWith("http-nio-" + ingestPort() + "-") || name.contains("| ingest-service-producer");
    }

    /** Whether a thread belongs to the signal-processor's listener (polling, decoding and writing). */
    static boolean isProcessorThread(String name) {
        return name.startsWith(LISTENER_ID + "-") || name.endsWith("| signal-processor");
    }

    /** Whether a thread is one of the broker's request threads. */
    static boolean isBrokerThread(String name) {
        return name.startsWith("data-plane-kafka");
    }

    private ConfigurableApplicationContext processor() {
        return stack.context(Service.PROCESSOR);
    }

    /** Stops everything in reverse start order and drops the bench database. */
    @Override
    public void close() {
        stack.close();
    }
}
