package com.poblysh.connectors.ingest.webhook.jira;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Jira Cloud webhooks ({@code poblysh.ingest.jira.*}), each tried after the connections' own secrets.
 *
 * @param webhookSecret a service-wide secret of hand-made admin webhooks, which sign the body into
 *                      {@code X-Hub-Signature} ({@code POBLYSH_JIRA_WEBHOOK_SECRET}); a fallback, counted only when
 *                      {@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS} is true
 * @param clientSecret  the OAuth 2.0 app's client secret ({@code POBLYSH_JIRA_CLIENT_SECRET}), which signs the
 *                      {@code Authorization: Bearer} JWT of its dynamic webhooks; also accepted as a Connect app's
 *                      shared secret ({@code Authorization: JWT}) when fallbacks are opted in
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
