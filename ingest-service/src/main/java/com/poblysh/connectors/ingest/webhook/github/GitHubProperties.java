package com.poblysh.connectors.ingest.webhook.github;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * GitHub webhooks ({@code poblysh.ingest.github.*}).
 *
 * @param webhookSecret the secret configured on the GitHub webhook ({@code POBLYSH_GITHUB_WEBHOOK_SECRET}), the
 *                      fallback after the connections' own secrets; with neither, the public GitHub path refuses
 *                      every request not sent with an operator token
 */
@ConfigurationProperties("poblysh.ingest.github")
record GitHubProperties(String webhookSecret) {

    @Override
    public String toString() {
        return "GitHubProperties[webhookSecret=" + (webhookSecret == null || webhookSecret.isEmpty() ? "unset"
                : "redacted") + "]";
    }
}
