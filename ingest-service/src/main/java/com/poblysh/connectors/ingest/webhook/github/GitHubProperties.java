package com.poblysh.connectors.ingest.webhook.github;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * GitHub webhooks ({@code poblysh.ingest.github.*}).
 *
 * @param webhookSecret a service-wide secret for hand-made GitHub webhooks ({@code POBLYSH_GITHUB_WEBHOOK_SECRET}),
 *                      tried after the connections' own hook secrets and only when
 *                      {@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS} is true; with neither, the public GitHub path
 *                      refuses every request not sent with an operator token
 */
@ConfigurationProperties("poblysh.ingest.github")
record GitHubProperties(String webhookSecret) {

    @Override
    public String toString() {
        return "GitHubProperties[webhookSecret=" + (webhookSecret == null || webhookSecret.isEmpty() ? "unset"
                : "redacted") + "]";
    }
}
