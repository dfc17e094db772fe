package com.poblysh.connectors.ingest.webhook.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack Events API ({@code poblysh.ingest.slack.*}).
 *
 * @param signingSecret the Slack app's signing secret ({@code POBLYSH_SLACK_SIGNING_SECRET}): the app's credential,
 *                      which signs the events of every workspace that installed it (each is then attributed by its
 *                      {@code team_id} and {@code api_app_id}); tried after the connections' own signing secrets (a
 *                      tenant's own Slack app). With neither, the public Slack paths refuse every request
 */
@ConfigurationProperties("poblysh.ingest.slack")
record SlackProperties(String signingSecret) {

    @Override
    public String toString() {
        return "SlackProperties[signingSecret=" + (signingSecret == null || signingSecret.isEmpty() ? "unset"
                : "redacted") + "]";
    }
}
