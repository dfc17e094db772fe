package com.poblysh.connectors.local;

import java.util.Map;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;
import com.poblysh.connectors.testsupport.TestDatabase;

/**
 * One local stack per test JVM, on free ports, stopped at JVM exit, with the polled providers played by the stack's
 * fakes ({@link FakeGitHubApi}: its REST API for polling, its OAuth endpoints for connecting; {@link FakeJiraApi},
 * {@link FakeMicrosoftGraphApi}), so it never calls the real hosts: by default on the in-JVM broker and in-process
 * registry against the test database; under {@code -Pdocker} ({@link ContainerStack#requested()}) on the Kafka,
 * Confluent Schema Registry and PostgreSQL containers of docker-compose.yml, skipping the caller without Docker.
 */
final class RunningStack {

    private static LocalStack stack;
    private static ContainerStack containers;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            LocalStackSettings settings = LocalStackSettings.fromEnvironment(Map.of());
            // idle workers and the scheduler look for work often, so a connection is polled within a second
            Map<String, Object> properties = Map.of("poblysh.ingest.jobs.poll-interval", "200ms");
            if (ContainerStack.requested()) {
                ContainerStack started = ContainerStack.startOrSkip();
                try {
                    stack = LocalStack.start(settings.onFreePorts(started.jdbcUrl(), started.dbUser(),
                            started.dbPassword()).withExternal(started.kafkaBootstrapServers(), started.registryUrl()),
                            properties);
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
                containers = started;
                LocalStack services = stack;
                // One hook, so the services stop before the containers they write to.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    services.close();
                    started.close();
                }, "stop-local-stack"));
            } else {
                DatabaseBootstrap.Target db = TestDatabase.get();
                stack = LocalStack.start(settings.onFreePorts(db.url(), db.user(), db.password()), properties);
                LocalStack services = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(services::close, "stop-local-stack"));
            }
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
        return get().github();
    }

    /** The fake Jira Cloud the stack polls; tests give each of their connections its own token and site. */
    static synchronized FakeJiraApi jira() {
        return get().jira();
    }

    /** The fake Graph the stack polls and enriches from; tests give each connection its own token and mailbox. */
    static synchronized FakeMicrosoftGraphApi graph() {
        return get().graph();
    }
}
