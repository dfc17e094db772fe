package com.poblysh.connectors.query.connections;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes a connection's provisioned webhooks at the provider when it is revoked, with its token, before the grant
 * is revoked (after that the token can delete nothing). Called directly by {@link ConnectionRevocation} rather than
 * queued as a job: the token is erased in the same request, so a job running later could not authenticate. Each
 * hook's {@code DELETE} goes to the REST URL ingest-service stored when it created it (under its configured API
 * root; for Jira the site's webhook collection, sent the webhook's id in a JSON body); 2xx and 404 count as
 * deleted. A failure never blocks the revocation: the rows and their secrets are forgotten anyway, so a leftover
 * hook's deliveries are refused (401), and the failure is in the teardown's {@code operation_runs} row (kind
 * {@code webhook_teardown}) and the audit row.
 */
@Component
class WebhookTeardown {

    static final String RUN_KIND = "webhook_teardown";
    private static final Logger log = LoggerFactory.getLogger(WebhookTeardown.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionRepository connections;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    WebhookTeardown(ConnectionRepository connections, JdbcClient jdbc, JsonMapper json) {
        this.connections = connections;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the teardown did for the audit row: hooks deleted and failed; nothing when the connection has none. */
    Map<String, Object> teardown(TenantId tenant, UUID connectionId, Provider provider, String token, String actor) {
        Map<UUID, String> urls = connections.webhookUrls(tenant, connectionId);
        if (urls.isEmpty()) {
            return Map.of();
        }
        // Jira deletes by id from the site's webhook collection (the stored URL), not at a URL of its own
        Map<UUID, String> jiraIds = provider == Provider.JIRA ? connections.webhookExternalIds(tenant, connectionId)
                : Map.of();
        List<Map<String, Object>> actions = new ArrayList<>();
        int failed = 0;
        for (Map.Entry<UUID, String> hook : urls.entrySet()) {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("webhook_id", hook.getKey());
            String jiraId = jiraIds.get(hook.getKey());
            String outcome = token == null ? "no_token" : provider != Provider.JIRA
                    ? delete(provider, hook.getValue(), token)
                    : jiraId == null ? "no_webhook_id" : send(jiraDelete(hook.getValue(), jiraId, token), provider);
            action.put("action", "deleted".equals(outcome) ? "deleted" : "failed");
            if (!"deleted".equals(outcome)) {
                action.put("code", outcome);
                failed++;
            }
            actions.add(action);
        }
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("connection_id", connectionId);
        progress.put("provider", provider.id());
        progress.put("actions", actions);
        jdbc.sql("""
                        INSERT INTO operation_runs (id, tenant_id, kind, status, target_id, progress, error, started_by,
                                                    started_at, finished_at)
                        VALUES (:id, :tenant, :kind, :status, :target, CAST(:progress AS jsonb),
                                CAST(:error AS jsonb), :actor, now(), now())""")
                .param("id", UUID.randomUUID()).param("tenant", tenant.value()).param("kind", RUN_KIND)
                .param("status", failed == 0 ? "succeeded" : "failed").param("target", connectionId.toString())
                .param("progress", json.writeValueAsString(progress))
                .param("error", failed == 0 ? null : json.writeValueAsString(Map.of("code", "webhooks_not_deleted",
                        "message", failed + " of " + urls.size() + " webhooks could not be deleted at "
                                + provider.id())))
                .param("actor", actor)
                .update();
        return Map.of("webhooks_deleted", urls.size() - failed, "webhooks_not_deleted", failed);
    }

    /** Jira's {@code DELETE …/rest/api/3/webhook} with body {@code {"webhookIds":[<id>]}}. */
    private HttpRequest jiraDelete(String url, String webhookId, String token) {
        String body = json.writeValueAsString(Map.of("webhookIds", List.of(Long.parseLong(webhookId))));
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String delete(Provider provider, String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "poblysh-connectors")
                .DELETE().build();
        return send(request, provider);
    }

    private String send(HttpRequest request, Provider provider) {
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 || status == 404 ? "deleted" : "http_" + status;
        } catch (IOException e) {
            log.warn("Deleting a {} webhook failed: {}", provider, e.getClass().getSimpleName());
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
