package com.poblysh.connectors.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.ingest.IngestApplication;
import com.poblysh.connectors.processor.ProcessorApplication;
import com.poblysh.connectors.query.QueryApiApplication;
import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole pipeline in one JVM for a developer machine: a real KRaft broker, the in-process schema registry and
 * the three services against local PostgreSQL (or an embedded one when none answers and the user is not root).
 * Prints where each part listens and two curl commands that show a signed webhook becoming a signal.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private DatabaseBootstrap.Target database;
    private EmbeddedKafkaKraftBroker broker;
    private InProcessSchemaRegistry registry;
    private ConfigurableApplicationContext ingest;
    private ConfigurableApplicationContext processor;
    private ConfigurableApplicationContext query;

    private LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(System.getenv());
        LocalStack stack;
        try {
            stack = start(settings);
        } catch (IllegalStateException e) {
            System.err.println();
            System.err.println("Local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        System.out.println(DemoRequests.banner(stack));
    }

    /** Starts every part, in dependency order; on failure stops what already started. */
    public static LocalStack start(LocalStackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        database = DatabaseBootstrap.resolve(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        started.add(database);
        if (database.embedded()) {
            log.warn("Using an embedded PostgreSQL at {} because none answered at {}", database.url(), settings.dbUrl());
        }

        broker = new EmbeddedKafkaKraftBroker(1, settings.partitions());
        broker.afterPropertiesSet();
        broker.addTopics(
                new NewTopic(Topics.RAW_EVENTS.name(), settings.partitions(), (short) 1),
                new NewTopic(Topics.RAW_EVENTS_DLT.name(), settings.partitions(), (short) 1),
                new NewTopic(Topics.SIGNALS.name(), settings.partitions(), (short) 1));
        started.add(broker::destroy);

        registry = InProcessSchemaRegistry.start(settings.registryPort());
        started.add(registry);

        // query-api first: its Flyway run creates the schema the other two rely on.
        query = run(QueryApiApplication.application(), settings.queryPort());
        processor = run(ProcessorApplication.application(), settings.processorPort());
        ingest = run(IngestApplication.application(), settings.ingestPort());
        log.info("Local stack up in {} ms", (System.nanoTime() - begin) / 1_000_000);
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder builder, int port) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("server.port", port);
        overrides.put("spring.datasource.url", database.url());
        overrides.put("spring.datasource.username", database.user());
        overrides.put("spring.datasource.password", database.password());
        overrides.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        overrides.put("poblysh.kafka.schema-registry-url", registry.url());
        overrides.put("poblysh.kafka.raw-events-partitions", settings.partitions());
        overrides.put("poblysh.auth.operator-tokens", settings.operatorToken());
        overrides.put("poblysh.ingest.github.webhook-secret", settings.githubSecret());
        overrides.put("poblysh.ingest.slack.signing-secret", settings.providerSecrets().slackSigningSecret());
        overrides.put("poblysh.ingest.jira.webhook-secret", settings.providerSecrets().jiraWebhookSecret());
        overrides.put("poblysh.ingest.jira.client-secret", settings.providerSecrets().jiraClientSecret());
        overrides.put("poblysh.ingest.microsoft-graph.client-state", settings.providerSecrets().graphClientState());
        ConfigurableApplicationContext context = builder
                .profiles("local")
                .bannerMode(Banner.Mode.OFF)
                // Three applications share one logging system here, so a per-application name would mislead.
                .properties("logging.include-application-name=false")
                .registerShutdownHook(false)
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("local-stack", overrides)))
                .run();
        started.add(context);
        log.info("{} listening on port {}", context.getEnvironment().getProperty("spring.application.name"),
                port(context));
        return context;
    }

    /** Base URL of the ingest-service, e.g. {@code http://127.0.0.1:8090}. */
    public String ingestUrl() {
        return "http://127.0.0.1:" + port(ingest);
    }

    /** Base URL of the query-api. */
    public String queryUrl() {
        return "http://127.0.0.1:" + port(query);
    }

    /** Base URL of the signal-processor's actuator. */
    public String processorUrl() {
        return "http://127.0.0.1:" + port(processor);
    }

    public String kafkaBootstrapServers() {
        return broker.getBrokersAsString();
    }

    public String registryUrl() {
        return registry.url();
    }

    public DatabaseBootstrap.Target database() {
        return database;
    }

    public LocalStackSettings settings() {
        return settings;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Stops everything in reverse start order: services first so nothing is mid-write when the broker goes. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> toClose = new ArrayList<>(started);
        started.clear();
        Collections.reverse(toClose);
        for (AutoCloseable closeable : toClose) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("Error while stopping {}: {}", closeable, e.toString());
            }
        }
    }
}
