package com.poblysh.connectors.local;

import java.util.Map;

import com.poblysh.connectors.common.db.DatabaseBootstrap;
import com.poblysh.connectors.testkit.github.FakeGitHubApi;
import com.poblysh.connectors.testsupport.TestDatabase;

/**
 * One local stack per test JVM, on free ports against the test database, with GitHub played by one
 * {@link FakeGitHubApi} (its REST API for polling, its OAuth endpoints for connecting); stopped at JVM exit.
 */
final class RunningStack {

    /** Client id of the GitHub OAuth app the stack is configured with. */
    static final String GITHUB_CLIENT_ID = "local-stack-github-client";

    private static LocalStack stack;
    private static FakeGitHubApi github;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            github = FakeGitHubApi.start();
            DatabaseBootstrap.Target db = TestDatabase.get();
            stack = LocalStack.start(LocalStackSettings.fromEnvironment(Map.of())
                    .onFreePorts(db.url(), db.user(), db.password()), Map.of(
                    "poblysh.ingest.github.polling.api-base-url", github.baseUrl(),
                    // idle workers and the scheduler look for work often, so a connection is polled within a second
                    "poblysh.ingest.jobs.poll-interval", "200ms",
                    "poblysh.oauth.providers.github.client-id", GITHUB_CLIENT_ID,
                    "poblysh.oauth.providers.github.client-secret", "local-stack-github-secret",
                    "poblysh.oauth.providers.github.token-url", github.baseUrl() + "/login/oauth/access_token",
                    "poblysh.oauth.providers.github.user-url", github.baseUrl() + "/user"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                github.close();
            }, "stop-local-stack"));
        }
        return stack;
    }

    /** The fake GitHub the stack polls and connects to. */
    static synchronized FakeGitHubApi github() {
        get();
        return github;
    }
}
