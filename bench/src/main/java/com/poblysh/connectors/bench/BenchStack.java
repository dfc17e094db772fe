package com.poblysh.connectors.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.ingest.IngestApplication;
import com.poblysh.connectors.processor.ProcessorApplication;
import com.poblysh.connectors.query.QueryApiApplication;
import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What the bench runs against, all in this JVM like the local run: a throw-away database
 * {@code poblysh_bench_<random>} (dropped at the end), a real KRaft broker, the in-process schema registry and the
 * three services on free ports with the {@code local} profile. The processor's listener starts stopped, so each
 * scenario decides when it consumes.
 */
final class BenchStack implements AutoCloseable {

    static final String OPERATOR_TOKEN = "bench-operator-token";
    static final String GITHUB_SECRET = "bench-github-webhook-secret";
    /** The processor's listener id (see {@code RawEventListener}). */
    static final String LISTENER_ID = "raw-events";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final int partitions;
    private DatabaseBootstrap.Target database;
    private String databaseName;
    private EmbeddedKafkaKraftBroker broker;
    private InProcessSchemaRegistry registry;
    private ConfigurableApplicationContext ingest;
    private ConfigurableApplicationContext processor;
    private ConfigurableApplicationContext query;

    private BenchStack(int partitions) {
        this.partitions = partitions;
    }

    /**
     * Starts everything against the PostgreSQL server of {@code POBLYSH_DB_URL} (default 127.0.0.1:5432), in a new
     * database; on failure stops what already started.
     */
    static BenchStack start(Map<String, String> env, int partitions) {
        BenchStack stack = new BenchStack(partitions);
        try {
            stack.startAll(env);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Map<String, String> env) {
        String serverUrl = env.getOrDefault("POBLYSH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/poblysh");
        databaseName = "poblysh_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String url = serverUrl.replaceFirst("/[A-Za-z0-9_]+(\\?.*)?$", "/" + databaseName);
        database = DatabaseBootstrap.resolve(url, env.getOrDefault("POBLYSH_DB_USER", "postgres"),
                env.getOrDefault("POBLYSH_DB_PASSWORD", ""));
        started.add(database);
        started.add(() -> DatabaseBootstrap.drop(database, databaseName));

        broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.afterPropertiesSet();
        broker.addTopics(
                new NewTopic(Topics.RAW_EVENTS.name(), partitions, (short) 1),
                new NewTopic(Topics.RAW_EVENTS_DLT.name(), partitions, (short) 1),
                new NewTopic(Topics.SIGNALS.name(), partitions, (short) 1));
        started.add(broker::destroy);

        registry = InProcessSchemaRegistry.start(0);
        started.add(registry);

        // query-api first: its Flyway run creates the schema the other two rely on. Fixed free ports (rather than
        // port 0) name each service's Tomcat threads http-nio-<port>-exec-*, which the CPU figures rely on.
        query = run(QueryApiApplication.application(), Map.of("server.port", freePort()));
        processor = run(ProcessorApplication.application(), Map.of("server.port", freePort(),
                "spring.kafka.listener.auto-startup", false));
        ingest = run(IngestApplication.application(), Map.of("server.port", freePort()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, Map<String, Object> extra) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("server.port", 0);
        overrides.put("spring.datasource.url", database.url());
        overrides.put("spring.datasource.username", database.user());
        overrides.put("spring.datasource.password", database.password());
        overrides.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        overrides.put("poblysh.kafka.schema-registry-url", registry.url());
        overrides.put("poblysh.kafka.raw-events-partitions", partitions);
        overrides.put("poblysh.auth.operator-tokens", OPERATOR_TOKEN);
        overrides.put("poblysh.ingest.github.webhook-secret", GITHUB_SECRET);
        overrides.putAll(extra);
        ConfigurableApplicationContext context = builder
                .profiles("local")
                .bannerMode(Banner.Mode.OFF)
                .properties("logging.include-application-name=false")
                .registerShutdownHook(false)
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("bench", overrides)))
                .run();
        started.add(context);
        return context;
    }

    int ingestPort() {
        return port(ingest);
    }

    int queryPort() {
        return port(query);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    String registryUrl() {
        return registry.url();
    }

    String databaseName() {
        return databaseName;
    }

    /** A plain JDBC connection to the bench database, set up like the processor's pool (batched inserts rewritten). */
    Connection connect() throws SQLException {
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
        return processor.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
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
        return processor.getEnvironment().getRequiredProperty("spring.kafka.consumer.group-id");
    }

    /** Listener threads of the processor (named raw-events-&lt;n&gt;-C-1). */
    int processorConcurrency() {
        return processor.getEnvironment().getProperty("spring.kafka.listener.concurrency", Integer.class, 1);
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

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Stops everything in reverse start order and drops the bench database. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> toClose = new ArrayList<>(started);
        started.clear();
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("bench: error while stopping " + closeable + ": " + e);
            }
        }
    }
}
