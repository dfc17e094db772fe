package com.poblysh.connectors.ingest.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.ingest.GithubWebhooks;
import com.poblysh.connectors.ingest.GraphWebhooks;
import com.poblysh.connectors.ingest.JiraWebhooks;
import com.poblysh.connectors.ingest.SlackWebhooks;
import org.springframework.test.context.TestPropertySource;

/** Configures every provider's fallback secret in a {@link WebhookSliceTest}; classes carrying it share a context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "poblysh.ingest.github.webhook-secret=" + GithubWebhooks.SECRET,
        "poblysh.ingest.slack.signing-secret=" + SlackWebhooks.SECRET,
        "poblysh.ingest.jira.webhook-secret=" + JiraWebhooks.WEBHOOK_SECRET,
        "poblysh.ingest.jira.client-secret=" + JiraWebhooks.CLIENT_SECRET,
        "poblysh.ingest.microsoft-graph.client-state=" + GraphWebhooks.CLIENT_STATE})
@interface WithProviderSecrets {
}
