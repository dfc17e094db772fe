package com.poblysh.connectors.local;

import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.stack.InJvmStack;
import com.poblysh.connectors.stack.InJvmStack.Service;
import com.poblysh.connectors.stack.SeededConnections;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.JiraWebhooks;
import com.poblysh.connectors.testkit.github.GitHubAccount;
import com.poblysh.connectors.testkit.github.GitHubRepository;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run: the whole pipeline in one JVM ({@link InJvmStack}: a real KRaft broker, the in-process schema
 * registry and the three services) for a developer machine, configured by {@link LocalStackSettings}, against local
 * PostgreSQL (or an embedded one when none answers and the user is not root), with a demo connection per provider
 * for the demo tenant ({@link DemoConnections}), and the polled providers played by fakes on free ports unless the
 * caller points the services at other APIs: GitHub by a {@link FakeGitHubApi} (its REST API for polling, its OAuth
 * endpoints for connecting), Jira Cloud by a {@link FakeJiraApi} and Microsoft Graph by a
 * {@link FakeMicrosoftGraphApi} (their REST APIs for polling and, for Graph, enrichment). Each demo connection of a
 * polled provider holds a token its fake accepts, so its syncs succeed and its webhooks stay accepted. Prints where
 * each part listens and two curl commands that show a webhook signed with the demo GitHub connection's secret
 * becoming a signal of that connection.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** Client id of the GitHub OAuth app the local run configures for its fake GitHub. */
    public static final String GITHUB_CLIENT_ID = "local-stack-github-client";
    private static final String GITHUB_API_BASE_URL = "poblysh.ingest.github.polling.api-base-url";
    private static final String JIRA_API_BASE_URL = "poblysh.ingest.jira.polling.api-base-url";
    private static final String GRAPH_API_BASE_URL = "poblysh.ingest.microsoft-graph.polling.api-base-url";
    /** The fake GitHub user who approves the demo's OAuth connect, their repository and its one open issue. */
    static final String CONNECT_ACCOUNT = "demo-user";
    static final String CONNECT_REPOSITORY = "connect-demo";
    static final String CONNECT_ISSUE = "Polled from the demo GitHub after connecting";
    /** The access token of the demo connections of Jira and Graph: the demo site and mailbox of the fakes take it. */
    static final String DEMO_TOKEN = "local-demo-access-token";

    private final LocalStackSettings settings;
    private final DemoOperator operator;
    private final InJvmStack stack;
    private final Fakes fakes;
    private final SeededConnections seeded;
    private final DemoConnections demo;

    private LocalStack(LocalStackSettings settings, DemoOperator operator, InJvmStack stack, Fakes fakes) {
        this.settings = settings;
        this.operator = operator;
        this.stack = stack;
        this.fakes = fakes;
        // every demo connection of a polled provider polls with a token its fake takes, so its syncs succeed
        // instead of putting it in error (and refusing its webhooks) for want of a token
        Map<Provider, String> tokens = new EnumMap<>(Provider.class);
        if (fakes.github != null) {
            GitHubAccount account = fakes.github.account("local-demo");
            tokens.put(Provider.GITHUB, account.token());
            // the account a newcomer connects through OAuth in the printed demo; its issues are what polling finds
            GitHubAccount connecting = fakes.github.account(CONNECT_ACCOUNT);
            GitHubRepository repository = connecting.repository(CONNECT_REPOSITORY);
            repository.openIssue(CONNECT_ISSUE);
            fakes.github.authorizeAs(connecting);
        }
        if (fakes.jira != null) {
            // the site the kit's Jira webhooks name, so the demo connection's binding and its polled site agree
            String name = JiraWebhooks.SITE.substring(0, JiraWebhooks.SITE.indexOf('.'));
            fakes.jira.grant(DEMO_TOKEN, fakes.jira.site(name, ZoneOffset.UTC));
            tokens.put(Provider.JIRA, DEMO_TOKEN);
        }
        if (fakes.graph != null) {
            fakes.graph.mailbox(DEMO_TOKEN);
            tokens.put(Provider.MICROSOFT_GRAPH, DEMO_TOKEN);
        }
        this.seeded = new SeededConnections(stack);
        this.demo = new DemoConnections(seeded, settings, tokens);
    }

    /** The fake provider APIs this stack started (null where the caller configured another API). */
    private record Fakes(FakeGitHubApi github, FakeJiraApi jira, FakeMicrosoftGraphApi graph) {

        static Fakes start(Map<String, Object> properties) {
            FakeGitHubApi github = null;
            FakeJiraApi jira = null;
            FakeMicrosoftGraphApi graph = null;
            try {
                github = properties.containsKey(GITHUB_API_BASE_URL) ? null : FakeGitHubApi.start();
                jira = properties.containsKey(JIRA_API_BASE_URL) ? null : FakeJiraApi.start();
                graph = properties.containsKey(GRAPH_API_BASE_URL) ? null : FakeMicrosoftGraphApi.start();
                return new Fakes(github, jira, graph);
            } catch (RuntimeException e) {
                new Fakes(github, jira, graph).close();
                throw e;
            }
        }

        /** Points the services at the fakes: their API roots, and the OAuth app GitHub connects with. */
        void configure(InJvmStack.Builder builder) {
            if (github != null) {
                builder.property(GITHUB_API_BASE_URL, github.baseUrl())
                        .property("poblysh.oauth.providers.github.client-id", GITHUB_CLIENT_ID)
                        .property("poblysh.oauth.providers.github.client-secret", "local-stack-github-secret")
                        .property("poblysh.oauth.providers.github.authorize-url",
                                github.baseUrl() + "/login/oauth/authorize")
                        .property("poblysh.oauth.providers.github.token-url",
                                github.baseUrl() + "/login/oauth/access_token")
                        .property("poblysh.oauth.providers.github.user-url", github.baseUrl() + "/user");
            }
            if (jira != null) {
                builder.property(JIRA_API_BASE_URL, jira.baseUrl());
            }
            if (graph != null) {
                // polling and the processor's enrichment read the same Graph
                builder.property(GRAPH_API_BASE_URL, graph.baseUrl())
                        .property("poblysh.processor.microsoft-graph.api-base-url", graph.baseUrl());
            }
        }

        void close() {
            if (github != null) {
                github.close();
            }
            if (jira != null) {
                jira.close();
            }
            if (graph != null) {
                graph.close();
            }
        }
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
        return start(settings, DemoOperator.defaults(), Map.of());
    }

    /**
     * Starts every part with {@code properties} given to every service over the settings' (tests point providers'
     * APIs at fakes with them).
     */
    public static LocalStack start(LocalStackSettings settings, Map<String, Object> properties) {
        return start(settings, DemoOperator.defaults(), properties);
    }

    /** Starts every part with {@code operator} as the console's account (a manager of the demo tenant). */
    public static LocalStack start(LocalStackSettings settings, DemoOperator operator) {
        return start(settings, operator, Map.of());
    }

    /**
     * Starts every part, in dependency order, with {@code operator} as the console's account (a manager of the demo
     * tenant) and {@code properties} given to every service over the settings'; on failure stops what started.
     */
    public static LocalStack start(LocalStackSettings settings, DemoOperator operator,
            Map<String, Object> properties) {
        long begin = System.nanoTime();
        LocalStackSettings.ProviderSecrets secrets = settings.providerSecrets();
        int queryPort = settings.queryPort() == 0 ? InJvmStack.freeLoopbackPort() : settings.queryPort();
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
                .port(Service.QUERY, queryPort)

                .port(Service.PROCESSOR, settings.processorPort())
                .port(Service.INGEST, settings.ingestPort())
                .property("poblysh.auth.operator-tokens", settings.operatorToken())
                // The apps' own credentials; the other local secrets belong to the demo connections.
                .property("poblysh.ingest.slack.signing-secret", secrets.slackSigningSecret())
                .property("poblysh.ingest.jira.client-secret", secrets.jiraClientSecret())
                .property(Service.QUERY, "poblysh.console.operators[0].username", operator.username())
                .property(Service.QUERY, "poblysh.console.operators[0].password-hash",
                        HashPassword.hash(operator.password()))
                .property(Service.QUERY, "poblysh.console.operators[0].role", "manager")
                .property(Service.QUERY, "poblysh.console.operators[0].tenants", settings.demoTenant().toString());
        if (System.getenv("POBLYSH_PUBLIC_BASE_URL") == null) {
            // where providers send the browser back after consent, so the port must be known before the start
            builder.property(Service.QUERY, "poblysh.oauth.public-base-url", "http://127.0.0.1:" + queryPort);
        }
        Fakes fakes = Fakes.start(properties);
        fakes.configure(builder);
        properties.forEach(builder::property);
        InJvmStack stack;
        try {
            stack = builder.start();
        } catch (RuntimeException e) {
            fakes.close();
            throw e;
        }
        LocalStack local;
        try {
            local = new LocalStack(settings, operator, stack, fakes);
            for (Provider provider : Provider.values()) {
                local.demoConnection(settings.demoTenant(), provider);
            }
        } catch (RuntimeException e) {
            stack.close();
            fakes.close();
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

    /** Writes connections straight into the stack's database (demo connections; what provisioning would write). */
    public SeededConnections seededConnections() {
        return seeded;
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

    /** The fake GitHub the services poll and connect to; null when the caller configured another. */
    public FakeGitHubApi github() {
        return fakes.github();
    }

    /** The fake Jira Cloud the services poll; null when the caller configured another. */
    public FakeJiraApi jira() {
        return fakes.jira();
    }

    /** The fake Microsoft Graph the services poll and enrich from; null when the caller configured another. */
    public FakeMicrosoftGraphApi graph() {
        return fakes.graph();
    }

    /** The operator console account the local run configured. */
    public DemoOperator operator() {
        return operator;
    }

    /** Stops everything in reverse start order: services first so nothing is mid-write when the broker goes. */
    @Override
    public void close() {
        stack.close();
        fakes.close();
    }
}
