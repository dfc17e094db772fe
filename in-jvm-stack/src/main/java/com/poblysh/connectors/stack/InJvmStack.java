package com.poblysh.connectors.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.ingest.IngestApplication;
import com.poblysh.connectors.processor.ProcessorApplication;
import com.poblysh.connectors.query.QueryApiApplication;
import com.poblysh.connectors.schemas.InProcessSchemaRegistry;
import com.poblysh.connectors.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole pipeline in one JVM: a PostgreSQL database, a real KRaft broker, the in-process schema registry and
 * the three services (profile {@code local}), started by {@link Builder#start()} and stopped by {@link #close()}.
 * It wires the parts together (ports, database, broker, registry, partitions); everything else a service is told
 * (tokens, secrets, listener settings) comes from the caller's {@link Builder#property properties}. The broker and
 * the registry may instead be ones already running ({@link Builder#externalKafka}, {@link Builder#externalRegistry}),
 * e.g. a real registry in a conformance test or containers.
 */
public final class InJvmStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InJvmStack.class);

    /**
     * Spring Security's auto-configurations. The three services share one class path here, which carries query-api's
     * Spring Security (its operator console); ingest-service and signal-processor do not use it, and without these
     * exclusions Boot would lock every one of their endpoints behind a generated password.
     */
    static final String SECURITY_AUTO_CONFIGURATIONS = String.join(",",
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration");

    /** The three services, in start order: query-api first, as its Flyway run creates the schema the others use. */
    public enum Service {
        QUERY(QueryApiApplication::application),
        PROCESSOR(ProcessorApplication::application),
        INGEST(IngestApplication::application);

        private final Supplier<SpringApplicationBuilder> application;

        Service(Supplier<SpringApplicationBuilder> application) {
            this.application = application;
        }
    }

    private final Builder spec;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<Service, ConfigurableApplicationContext> services = new EnumMap<>(Service.class);
    private DatabaseBootstrap.Target database;
    private String kafkaBootstrapServers;
    private String registryUrl;

    private InJvmStack(Builder spec) {
        this.spec = spec;
    }

    /**
     * A stack against the database of {@code dbUrl}, created if missing (or an embedded PostgreSQL when no server
     * answers and the user is not root); by default 12 partitions, every port free, no extra properties.
     */
    /**
     * A loopback port that is free now, for a service that must know its own port before it starts (e.g. query-api,
     * whose OAuth callback URL names it).
     */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder(String dbUrl, String dbUser, String dbPassword) {
        return new Builder(dbUrl, dbUser, dbPassword);
    }

    /** What to start; each call returns this builder. */
    public static final class Builder {

        private final String dbUrl;
        private final String dbUser;
        private final String dbPassword;
        private String dropDatabase;
        private int partitions = 12;
        private int registryPort;
        private String externalKafka;
        private String externalRegistry;
        private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final Map<Service, Map<String, Object>> serviceProperties = new EnumMap<>(Service.class);

        private Builder(String dbUrl, String dbUser, String dbPassword) {
            this.dbUrl = dbUrl;
            this.dbUser = dbUser;
            this.dbPassword = dbPassword;
        }

        /** Drops {@code database} (the one {@code dbUrl} names) when the stack closes, for throw-away runs. */
        public Builder dropDatabaseOnClose(String database) {
            this.dropDatabase = database;
            return this;
        }

        /** Partitions of every topic the broker creates, and the services' {@code raw-events-partitions}. */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** Port of the in-process schema registry; 0 (the default) picks a free one. */
        public Builder registryPort(int port) {
            this.registryPort = port;
            return this;
        }

        /**
         * Uses the Kafka cluster at {@code bootstrapServers} instead of starting a broker; the topics of
         * {@link Topics#ALL} are created there with {@link #partitions} partitions when missing.
         */
        public Builder externalKafka(String bootstrapServers) {
            this.externalKafka = bootstrapServers;
            return this;
        }

        /**
         * Uses the Confluent-compatible schema registry at {@code url} (e.g. Apicurio's
         * {@code http://127.0.0.1:8080/apis/ccompat/v7}) instead of starting the in-process one; the registry port
         * is then unused.
         */
        public Builder externalRegistry(String url) {
            this.externalRegistry = url;
            return this;
        }

        /** HTTP port of {@code service}; 0 (the default) picks a free one. */
        public Builder port(Service service, int port) {
            ports.put(service, port);
            return this;
        }

        /** A property every service gets, over its configuration files. */
        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        /** A property only {@code service} gets, over the ones every service gets. */
        public Builder property(Service service, String name, Object value) {
            serviceProperties.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(name, value);
            return this;
        }

        /** Starts every part, in dependency order; on failure stops what already started. */
        public InJvmStack start() {
            // The builder is read only while starting, so later calls on it change nothing here.
            InJvmStack stack = new InJvmStack(this);
            try {
                stack.startAll();
                return stack;
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }

    private void startAll() {
        database = DatabaseBootstrap.resolve(spec.dbUrl, spec.dbUser, spec.dbPassword);
        started.add(database);
        if (database.embedded()) {
            log.warn("Using an embedded PostgreSQL at {} because none answered at {}", database.url(), spec.dbUrl);
        }
        if (spec.dropDatabase != null) {
            String name = spec.dropDatabase;
            started.add(() -> DatabaseBootstrap.drop(database, name));
        }

        if (spec.externalKafka == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, spec.partitions);
            broker.afterPropertiesSet();
            broker.addTopics(Topics.ALL.stream().map(topic -> new NewTopic(topic.name(), spec.partitions, (short) 1))
                    .toArray(NewTopic[]::new));
            started.add(broker::destroy);
            kafkaBootstrapServers = broker.getBrokersAsString();
        } else {
            kafkaBootstrapServers = spec.externalKafka;
            createTopics(kafkaBootstrapServers, spec.partitions);
        }

        if (spec.externalRegistry == null) {
            InProcessSchemaRegistry registry = InProcessSchemaRegistry.start(spec.registryPort);
            started.add(registry);
            registryUrl = registry.url();
        } else {
            registryUrl = spec.externalRegistry;
        }

        for (Service service : Service.values()) {
            services.put(service, run(service));
        }
    }

    /**
     * Creates the topics before any service starts, as the embedded broker does: the processor subscribes before
     * ingest declares its topic, and a broker that auto-creates topics would otherwise make it with one partition.
     */
    private static void createTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var topic : Topics.ALL) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic.name(), partitions, (short) 1)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create " + topic.name() + " on " + bootstrapServers, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the topics on " + bootstrapServers, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not create the topics in 30 s", e);
        }
    }

    private ConfigurableApplicationContext run(Service service) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("server.port", spec.ports.getOrDefault(service, 0));
        overrides.put("spring.datasource.url", database.url());
        overrides.put("spring.datasource.username", database.user());
        overrides.put("spring.datasource.password", database.password());
        overrides.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        overrides.put("poblysh.kafka.schema-registry-url", registryUrl);
        overrides.put("poblysh.kafka.raw-events-partitions", spec.partitions);
        if (service != Service.QUERY) {
            overrides.put("spring.autoconfigure.exclude", SECURITY_AUTO_CONFIGURATIONS);
        }
        overrides.putAll(spec.properties);
        overrides.putAll(spec.serviceProperties.getOrDefault(service, Map.of()));
        ConfigurableApplicationContext context = service.application.get()
                .profiles("local")
                .bannerMode(Banner.Mode.OFF)
                // Three applications share one logging system here, so a per-application name would mislead.
                .properties("logging.include-application-name=false")
                .registerShutdownHook(false)
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("in-jvm-stack", overrides)))
                .run();
        started.add(context);
        log.info("{} listening on port {}", context.getEnvironment().getProperty("spring.application.name"),
                port(context));
        return context;
    }

    /** The HTTP port {@code service} listens on. */
    public int port(Service service) {
        return port(services.get(service));
    }

    /** Base URL of {@code service}, e.g. {@code http://127.0.0.1:8090}. */
    public String url(Service service) {
        return "http://127.0.0.1:" + port(service);
    }

    /** The running Spring context of {@code service}. */
    public ConfigurableApplicationContext context(Service service) {
        return services.get(service);
    }

    /** Bootstrap servers of the broker the services use (the stack's own or the external one). */
    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Base URL of the schema registry the services use (the in-process one or the external one). */
    public String registryUrl() {
        return registryUrl;
    }

    public DatabaseBootstrap.Target database() {
        return database;
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
