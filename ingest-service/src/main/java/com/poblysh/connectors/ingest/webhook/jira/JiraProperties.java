package com.poblysh.connectors.ingest.webhook.jira;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Jira Cloud webhooks ({@code poblysh.ingest.jira.*}). Each is the fallback after the connections' own secrets.
 *
 * @param webhookSecret secret of admin webhooks, which sign the body into {@code X-Hub-Signature}
 *                      ({@code POBLYSH_JIRA_WEBHOOK_SECRET})
 * @param clientSecret  the OAuth 2.0 app's client secret (or Connect app's shared secret) that signs the JWT in
 *                      {@code Authorization} of app webhooks ({@code POBLYSH_JIRA_CLIENT_SECRET})
 */
@ConfigurationProperties("poblysh.ingest.jira")
record JiraProperties(String webhookSecret, String clientSecret) {

    @Override
    public String toString() {
        return "JiraProperties[webhookSecret=" + state(webhookSecret) + ", clientSecret=" + state(clientSecret) + "]";
    }

    private static String state(String secret) {
        return secret == null || secret.isEmpty() ? "unset" : "redacted";
    }
}
