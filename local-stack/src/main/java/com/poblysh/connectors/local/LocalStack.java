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
    private final DemoOperator operator;
    private final InJvmStack stack;

    private LocalStack(LocalStackSettings settings, DemoOperator operator, InJvmStack stack) {
        this.settings = settings;
        this.operator = operator;
        this.stack = stack;
    }

    /** Starts the local run; {@code hash-password} instead prints the bcrypt hash of a password for the console. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 0 && args[0].equals("hash-password")) {
            System.exit(HashPassword.run());
            return;
        }
        LocalStackSettings settings = LocalStackSettings.fromEnvironment(System.getenv());
        LocalStack stack;
        try {
            stack = start(settings, DemoOperator.fromEnvironment(System.getenv()));
        } catch (IllegalStateException e) {
            System.err.println();
            System.err.println("Local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        System.out.println(DemoRequests.banner(stack));
    }

    /** Starts every part with the default demo operator, in dependency order; on failure stops what started. */
    public static LocalStack start(LocalStackSettings settings) {
        return start(settings, DemoOperator.defaults());
    }

    /**
     * Starts every part, in dependency order, with {@code operator} as the console's account (a manager of the
     * demo tenant); on failure stops what already started.
     */
    public static LocalStack start(LocalStackSettings settings, DemoOperator operator) {
        long begin = System.nanoTime();
        LocalStackSettings.ProviderSecrets secrets = settings.providerSecrets();
        InJvmStack stack = InJvmStack.builder(settings.dbUrl(), settings.dbUser(), settings.dbPassword())
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
                .property("poblysh.ingest.microsoft-graph.client-state", secrets.graphClientState())
                .property(Service.QUERY, "poblysh.console.operators[0].username", operator.username())
                .property(Service.QUERY, "poblysh.console.operators[0].password-hash",
                        HashPassword.hash(operator.password()))
                .property(Service.QUERY, "poblysh.console.operators[0].role", "manager")
                .property(Service.QUERY, "poblysh.console.operators[0].tenants", settings.demoTenant().toString())
                .start();
        log.info("Local stack up in {} ms", (System.nanoTime() - begin) / 1_000_000);
        return new LocalStack(settings, operator, stack);
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

    /** The operator console account the local run configured. */
    public DemoOperator operator() {
        return operator;
    }

    /** Stops everything in reverse start order: services first so nothing is mid-write when the broker goes. */
    @Override
    public void close() {
        stack.close();
    }
}
