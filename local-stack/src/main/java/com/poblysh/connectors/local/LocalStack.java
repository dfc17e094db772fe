package com.poblysh.connectors.local;

import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.stack.InJvmStack;
import com.poblysh.connectors.stack.InJvmStack.Service;
import com.poblysh.connectors.stack.SeededConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run: the whole pipeline in one JVM ({@link InJvmStack}: a real KRaft broker, the in-process schema
 * registry and the three services) for a developer machine, configured by {@link LocalStackSettings}, against local
 * PostgreSQL (or an embedded one when none answers and the user is not root), with a demo connection per provider
 * for the demo tenant ({@link DemoConnections}). Prints where each part listens and two curl commands that show a
 * webhook signed with the demo GitHub connection's secret becoming a signal of that connection.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final InJvmStack stack;
    private final DemoConnections demo;

    private LocalStack(LocalStackSettings settings, InJvmStack stack) {
        this.settings = settings;
        this.stack = stack;
        this.demo = new DemoConnections(new SeededConnections(stack), settings);
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
        return start(settings, Map.of());
    }

    /**
     * Starts every part with {@code properties} given to every service over the settings' (tests point providers'
     * APIs at fakes with them).
     */
    public static LocalStack start(LocalStackSettings settings, Map<String, Object> properties) {
        long begin = System.nanoTime();
        LocalStackSettings.ProviderSecrets secrets = settings.providerSecrets();
        InJvmStack.Builder builder = InJvmStack.builder(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        if (settings.externalKafka() != null) {
            builder.externalKafka(settings.externalKafka());
        }
        if (settings.externalRegistry() != null) {
            builder.externalRegistry(settings.externalRegistry());
        }
        builder
                .partitions(settings.partitions())
                .registryPort(settings.registryPort())
                .port(Service.QUERY, settings.queryPort())
                .port(Service.PROCESSOR, settings.processorPort())
                .port(Service.INGEST, settings.ingestPort())
                .property("poblysh.auth.operator-tokens", settings.operatorToken())
                // The apps' own credentials; the other local secrets belong to the demo connections.
                .property("poblysh.ingest.slack.signing-secret", secrets.slackSigningSecret())
                .property("poblysh.ingest.jira.client-secret", secrets.jiraClientSecret());
        properties.forEach(builder::property);
        InJvmStack stack = builder.start();
        LocalStack local;
        try {
            local = new LocalStack(settings, stack);
            for (Provider provider : Provider.values()) {
                local.demoConnection(settings.demoTenant(), provider);
            }
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        log.info("Local stack up in {} ms", (System.nanoTime() - begin) / 1_000_000);
        return local;
    }

    /**
     * The tenant's demo connection of {@code provider} (created if missing): it holds the local secret of the
     * provider and is bound to what the provider test kit's requests name, so those requests, signed with the local
     * secrets, become signals of this connection. The demo tenant has one of each from the start.
     */
    public UUID demoConnection(UUID tenant, Provider provider) {
        return demo.of(tenant, provider);
    }

    /** Base URL of the ingest-service, e.g. {@code http://127.0.0.1:8090}. */
    public String ingestUrl() {
        return stack.url(Service.INGEST);
    }

    /** Base URL of the query-api. */
    public String queryUrl() {
        return stack.url(Service.QUERY);
    }

    /** Base URL of the signal-processor's actuator. */
    public String processorUrl() {
        return stack.url(Service.PROCESSOR);
    }

    public String kafkaBootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    public String registryUrl() {
        return stack.registryUrl();
    }

    public DatabaseBootstrap.Target database() {
        return stack.database();
    }

    public LocalStackSettings settings() {
        return settings;
    }

    /** Stops everything in reverse start order: services first so nothing is mid-write when the broker goes. */
    @Override
    public void close() {
        stack.close();
    }
}
