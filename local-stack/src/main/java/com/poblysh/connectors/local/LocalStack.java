package com.poblysh.connectors.local;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.stack.InJvmStack;
import com.poblysh.connectors.stack.InJvmStack.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run: the whole pipeline in one JVM ({@link InJvmStack}: a real KRaft broker, the in-process schema
 * registry and the three services) for a developer machine, configured by {@link LocalStackSettings}, against local
 * PostgreSQL (or an embedded one when none answers and the user is not root). Prints where each part listens and
 * two curl commands that show a signed webhook becoming a signal.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackSettings settings;
    private final InJvmStack stack;

    private LocalStack(LocalStackSettings settings, InJvmStack stack) {
        this.settings = settings;
        this.stack = stack;
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
        return start(settings, java.util.Map.of());
    }

    /**
     * The same with {@code properties} given to every service over the settings' (tests point the providers' API
     * base URLs at fakes this way).
     */
    public static LocalStack start(LocalStackSettings settings, java.util.Map<String, Object> properties) {
        long begin = System.nanoTime();
        LocalStackSettings.ProviderSecrets secrets = settings.providerSecrets();
        InJvmStack.Builder builder = InJvmStack.builder(settings.dbUrl(), settings.dbUser(), settings.dbPassword())
                .partitions(settings.partitions())
                .registryPort(settings.registryPort())
                .port(Service.QUERY, settings.queryPort())
                .port(Service.PROCESSOR, settings.processorPort())
                .port(Service.INGEST, settings.ingestPort())
                .property("poblysh.auth.operator-tokens", settings.operatorToken())
                .property("poblysh.ingest.github.webhook-secret", settings.githubSecret())
                .property("poblysh.ingest.slack.signing-secret", secrets.slackSigningSecret())
                .property("poblysh.ingest.jira.webhook-secret", secrets.jiraWebhookSecret())
                .property("poblysh.ingest.jira.client-secret", secrets.jiraClientSecret())
                .property("poblysh.ingest.microsoft-graph.client-state", secrets.graphClientState());
        properties.forEach(builder::property);
        InJvmStack stack = builder.start();
        log.info("Local stack up in {} ms", (System.nanoTime() - begin) / 1_000_000);
        return new LocalStack(settings, stack);
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
