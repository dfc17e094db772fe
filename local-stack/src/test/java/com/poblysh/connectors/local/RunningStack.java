package com.poblysh.connectors.local;

import java.util.Map;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testsupport.TestDatabase;

/**
 * One local stack per test JVM, on free ports, stopped at JVM exit, with GitHub played by one {@link FakeGitHubApi}
 * (its REST API for polling, its OAuth endpoints for connecting): by default on the in-JVM broker and in-process
 * registry against the test database; under {@code -Pdocker} ({@link ContainerStack#requested()}) on the Kafka,
 * Confluent Schema Registry and PostgreSQL containers of docker-compose.yml, skipping the caller without Docker.
 */
final class RunningStack {

    /** Client id of the GitHub OAuth app the stack is configured with. */
    static final String GITHUB_CLIENT_ID = "local-stack-github-client";

    private static LocalStack stack;
    private static ContainerStack containers;
    private static FakeGitHubApi github;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of());
            FakeGitHubApi fake = FakeGitHubApi.start();
            Map<String, Object> properties = Map.of(
                    "poblysh.ingest.github.polling.api-base-url", fake.baseUrl(),
                    // idle workers and the scheduler look for work often, so a connection is polled within a second
                    "poblysh.ingest.jobs.poll-interval", "200ms",
                    "poblysh.oauth.providers.github.client-id", GITHUB_CLIENT_ID,
                    "poblysh.oauth.providers.github.client-secret", "local-stack-github-secret",
                    "poblysh.oauth.providers.github.token-url", fake.baseUrl() + "/login/oauth/access_token",
                    "poblysh.oauth.providers.github.user-url", fake.baseUrl() + "/user");
            if (ContainerStack.requested()) {
                ContainerStack started = ContainerStack.startOrSkip();
                try {
                    stack = LocalStack.start(settings.onFreePorts(started.jdbcUrl(), started.dbUser(),
                            started.dbPassword()).withExternal(started.kafkaBootstrapServers(), started.registryUrl()),
                            properties);
                } catch (RuntimeException e) {
                    started.close();
                    fake.close();
                    throw e;
                }
                containers = started;
                LocalStack services = stack;
                // One hook, so the services stop before the containers they write to.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    services.close();
                    started.close();
                    fake.close();
                }, "stop-local-stack"));
            } else {
                DatabaseBootstrap.Target db = TestDatabase.get();
                stack = LocalStack.start(settings.onFreePorts(db.url(), db.user(), db.password()), properties);
                LocalStack services = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    services.close();
                    fake.close();
                }, "stop-local-stack"));
            }
            github = fake;
        }
        return stack;
    }

    /** The containers the stack runs on, or null when it runs on the in-JVM broker and registry. */
    static synchronized ContainerStack containers() {
        get();
        return containers;
    }

    /** The fake GitHub the stack polls and connects to. */
    static synchronized FakeGitHubApi github() {
        get();
        return github;
    }
}
