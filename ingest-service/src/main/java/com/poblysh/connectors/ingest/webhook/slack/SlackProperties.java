package com.poblysh.connectors.ingest.webhook.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack Events API ({@code poblysh.ingest.slack.*}).
 *
 * @param signingSecret the Slack app's signing secret ({@code POBLYSH_SLACK_SIGNING_SECRET}), the fallback after the
 *                      connections' own secrets; with neither, the public Slack path refuses every request
 */
@ConfigurationProperties("poblysh.ingest.slack")
record SlackProperties(String signingSecret) {

    @Override
    public String toString() {
        return "SlackProperties[signingSecret=" + (signingSecret == null || signingSecret.isEmpty() ? "unset"
                : "redacted") + "]";
    }
}
