package com.poblysh.connectors.local;

import java.util.Map;

import com.poblysh.connectors.testkit.jira.FakeJiraApi;
import com.poblysh.connectors.testkit.microsoftgraph.FakeMicrosoftGraphApi;

/**
 * The fake Jira Cloud and Microsoft Graph APIs the test stack's poll executors (and Graph enrichment) call instead
 * of the real hosts, one each per test JVM; tests give each of their connections its own token and data.
 */
final class PolledProviders {

    private static FakeJiraApi jira;
    private static FakeMicrosoftGraphApi graph;

    private PolledProviders() {
    }

    static synchronized FakeJiraApi jira() {
        if (jira == null) {
            jira = FakeJiraApi.start();
            Runtime.getRuntime().addShutdownHook(new Thread(jira::close, "stop-fake-jira"));
        }
        return jira;
    }

    static synchronized FakeMicrosoftGraphApi graph() {
        if (graph == null) {
            graph = FakeMicrosoftGraphApi.start();
            Runtime.getRuntime().addShutdownHook(new Thread(graph::close, "stop-fake-graph"));
        }
        return graph;
    }

    /** The service properties that point the stack at the fakes. */
    static Map<String, Object> properties() {
        return Map.of(
                "poblysh.ingest.polling.jira.api-base-url", jira().baseUrl(),
                "poblysh.ingest.polling.microsoft-graph.api-base-url", graph().baseUrl(),
                "poblysh.processor.microsoft-graph.api-base-url", graph().baseUrl());
    }
}
