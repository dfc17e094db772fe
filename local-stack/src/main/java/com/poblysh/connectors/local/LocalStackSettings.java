package com.poblysh.connectors.local;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.config.RenamedVariables;

/**
 * What the local run starts and where. Every value comes from a {@code POBLYSH_*} environment variable with a
 * default that works on a developer machine; port 0 picks a free port. The in-JVM broker always takes a free
 * port (Kafka's KRaft test kit does not take a fixed one); the local run prints it.
 *
 * @param dbUrl          {@code POBLYSH_DB_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/poblysh}
 * @param dbUser         {@code POBLYSH_DB_USER}, default {@code postgres}
 * @param dbPassword     {@code POBLYSH_DB_PASSWORD}, default empty
 * @param registryPort   {@code POBLYSH_LOCAL_REGISTRY_PORT}, default 8081
 * @param ingestPort     {@code POBLYSH_INGEST_PORT}, default 8090
 * @param processorPort  {@code POBLYSH_PROCESSOR_PORT}, default 8091
 * @param queryPort      {@code POBLYSH_QUERY_PORT}, default 8080
 * @param partitions     {@code POBLYSH_RAW_EVENTS_PARTITIONS}, default 12
 * @param operatorToken  {@code POBLYSH_OPERATOR_TOKEN}, default {@code local-dev-token}
 * @param githubSecret   {@code POBLYSH_GITHUB_WEBHOOK_SECRET}, default {@code local-dev-webhook-secret}: the demo GitHub
 *                       connection's hook secret
 * @param providerSecrets the other providers' webhook secrets, see {@link ProviderSecrets}
 * @param demoTenant     {@code POBLYSH_LOCAL_DEMO_TENANT}, the tenant the printed curl commands use
 * @param externalKafka  bootstrap servers of a Kafka cluster to use instead of the in-JVM broker; null (always in
 *                       the local run) starts the broker. Set by tests through {@link #withExternal}
 * @param externalRegistry base URL of a Confluent-compatible registry to use instead of the in-process one; null
 *                       (always in the local run) starts the in-process registry
 */
public record LocalStackSettings(
        String dbUrl, String dbUser, String dbPassword,
        int registryPort, int ingestPort, int processorPort, int queryPort,
        int partitions, String operatorToken, String githubSecret, ProviderSecrets providerSecrets,
        UUID demoTenant, String externalKafka, String externalRegistry) {

    /**
     * The local secrets of Slack, Jira and Microsoft Graph; local defaults are public on purpose.
     *
     * @param slackSigningSecret {@code POBLYSH_SLACK_SIGNING_SECRET}, default {@code local-dev-slack-signing-secret}:
     *                           the local Slack app's signing secret
     * @param jiraWebhookSecret  {@code POBLYSH_JIRA_WEBHOOK_SECRET}, default {@code local-dev-jira-webhook-secret}:
     *                           the demo Jira connection's admin webhook secret
     * @param jiraClientSecret   {@code POBLYSH_JIRA_CLIENT_SECRET}, default {@code local-dev-jira-client-secret}: the
     *                           local Jira OAuth 2.0 app's client secret
     * @param graphClientState   {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE} (or its former name, see
     *                           {@link RenamedVariables}), default {@code local-dev-graph-client-state}: the demo
     *                           Graph connection's clientState
     */
    public record ProviderSecrets(String slackSigningSecret, String jiraWebhookSecret, String jiraClientSecret,
            String graphClientState) {

        static ProviderSecrets fromEnvironment(Map<String, String> env) {
            return new ProviderSecrets(
                    env.getOrDefault("POBLYSH_SLACK_SIGNING_SECRET", "local-dev-slack-signing-secret"),
                    env.getOrDefault("POBLYSH_JIRA_WEBHOOK_SECRET", "local-dev-jira-webhook-secret"),
                    env.getOrDefault("POBLYSH_JIRA_CLIENT_SECRET", "local-dev-jira-client-secret"),
                    Objects.requireNonNullElse(RenamedVariables.get(env, "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE"),
                            "local-dev-graph-client-state"));
        }

        @Override
        public String toString() {
            return "ProviderSecrets[redacted]";
        }
    }

    /** Settings from the environment, with the local defaults. */
    public static LocalStackSettings fromEnvironment(Map<String, String> env) {
        return new LocalStackSettings(
                env.getOrDefault("POBLYSH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/poblysh"),
                env.getOrDefault("POBLYSH_DB_USER", "postgres"),
                env.getOrDefault("POBLYSH_DB_PASSWORD", ""),
                port(env, "POBLYSH_LOCAL_REGISTRY_PORT", 8081),
                port(env, "POBLYSH_INGEST_PORT", 8090),
                port(env, "POBLYSH_PROCESSOR_PORT", 8091),
                port(env, "POBLYSH_QUERY_PORT", 8080),
                Integer.parseInt(env.getOrDefault("POBLYSH_RAW_EVENTS_PARTITIONS", "12")),
                env.getOrDefault("POBLYSH_OPERATOR_TOKEN", "local-dev-token"),
                env.getOrDefault("POBLYSH_GITHUB_WEBHOOK_SECRET", "local-dev-webhook-secret"),
                ProviderSecrets.fromEnvironment(env),
                UUID.fromString(env.getOrDefault("POBLYSH_LOCAL_DEMO_TENANT", "11111111-2222-4333-8444-555555555555")),
                null, null);
    }

    /** The same settings on free ports against another database, for tests. */
    public LocalStackSettings onFreePorts(String url, String user, String password) {
        return new LocalStackSettings(url, user, password, 0, 0, 0, 0, 3, operatorToken, githubSecret, providerSecrets,
                demoTenant, externalKafka, externalRegistry);
    }

    /**
     * The same settings against a Kafka cluster and a schema registry that already run (either null: the stack
     * starts its own), for tests against a real registry or containers.
     */
    public LocalStackSettings withExternal(String kafkaBootstrapServers, String registryUrl) {
        return new LocalStackSettings(dbUrl, dbUser, dbPassword, registryPort, ingestPort, processorPort, queryPort,
                partitions, operatorToken, githubSecret, providerSecrets, demoTenant, kafkaBootstrapServers,
                registryUrl);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, Integer.toString(fallback)));
    }

    @Override
    public String toString() {
        return "LocalStackSettings[db=" + dbUrl + (externalKafka == null ? "" : ", kafka=" + externalKafka)
                + (externalRegistry == null ? "" : ", registry=" + externalRegistry) + ", ports registry=" + registryPort
                + " ingest=" + ingestPort + " processor=" + processorPort + " query=" + queryPort + ", secrets redacted]";
    }
}
