package com.poblysh.connectors.ingest.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhook deliveries are attributed to connections ({@code poblysh.ingest.attribution.*}).
 *
 * @param allowFallbackSecrets whether the service-wide fallback secrets of hand-made webhooks
 *                             ({@code POBLYSH_GITHUB_WEBHOOK_SECRET}, {@code POBLYSH_JIRA_WEBHOOK_SECRET}, the Connect
 *                             use of {@code POBLYSH_JIRA_CLIENT_SECRET}, {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE})
 *                             verify anything ({@code POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS}, default false). Even then
 *                             a delivery is accepted only when it names an identity bound to one of the tenant's
 *                             connections, and is attributed to that connection.
 */
@ConfigurationProperties("poblysh.ingest.attribution")
record WebhookAttributionProperties(@DefaultValue("false") boolean allowFallbackSecrets) {
}
