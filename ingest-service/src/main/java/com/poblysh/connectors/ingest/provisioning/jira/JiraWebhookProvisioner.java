package com.poblysh.connectors.ingest.provisioning.jira;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.WebhookProvisioner;
import com.poblysh.connectors.ingest.polling.PollingHttp;
import com.poblysh.connectors.ingest.polling.jira.JiraApi;
import com.poblysh.connectors.ingest.provisioning.TargetFailures;
import com.poblysh.connectors.ingest.provisioning.jira.JiraWebhookStore.Hook;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jira Cloud dynamic webhooks of a connection (OAuth 2.0 app), kept by the sync engine's {@code provision} jobs;
 * Jira has no redelivery API for them (it retries failed deliveries itself), so there are no {@code redeliver} jobs.
 *
 * <p><b>Which sites</b>: every site the connection's token may read ({@code accessible-resources}, as polling reads
 * them). Each gets one webhook, {@code POST …/ex/jira/<cloudId>/rest/api/3/webhook}, with URL
 * {@code POBLYSH_PUBLIC_BASE_URL/webhooks/jira/<tenant>}, the configured events and JQL filter, and a row in
 * {@code connection_webhooks} (target kind {@code site}) with the site's bindings, so its deliveries (signed with the
 * app's client secret) are attributed to the connection. <b>Reconcile</b> (every reconcile interval): the site's
 * webhooks are listed ({@code GET …/webhook}); a stored webhook Jira no longer lists (deleted, or expired after its
 * 30 days) is registered again; one that expires within the refresh look-ahead is refreshed
 * ({@code PUT …/webhook/refresh}, which ignores unknown ids: hence the listing first); a site the token no longer
 * reaches loses its row and bindings. A site that refuses (an {@code errors} entry in Jira's 200 answer, a 403)
 * keeps its error on its row and fails the run after the other sites were done; nothing of it fails the connect.
 */
@Component
@EnableConfigurationProperties(JiraProvisioningProperties.class)
@ConditionalOnExpression("'${poblysh.ingest.jira.provisioning.public-base-url:}' != ''"
        + " and '${poblysh.ingest.jira.provisioning.jwt-issuer:}' != ''")
class JiraWebhookProvisioner implements WebhookProvisioner {

    /** How long Jira keeps a dynamic webhook after its registration or last refresh. */
    static final Duration LIFETIME = Duration.ofDays(30);

    private final JiraProvisioningProperties properties;
    private final AccessTokens tokens;
    private final WebhookConnections connections;
    private final JiraWebhooksApi api;
    private final JiraWebhookStore store;
    private final Clock clock;

    JiraWebhookProvisioner(JiraProvisioningProperties properties, AccessTokens tokens, WebhookConnections connections,
            JdbcClient jdbc, SecretCipher cipher, JsonMapper json, Clock clock, MeterRegistry meters) {
        if (properties.jwtIssuer() == null) {
            throw new IllegalArgumentException("poblysh.ingest.jira.provisioning.jwt-issuer is required to "
                    + "register Jira webhooks (POBLYSH_JIRA_WEBHOOK_JWT_ISSUER or POBLYSH_JIRA_CLIENT_ID)");
        }
        this.properties = properties;
        this.tokens = tokens;
        this.connections = connections;
        this.api = new JiraWebhooksApi(new PollingHttp(Provider.JIRA, properties.timeout(), clock, meters),
                properties, json);
        this.store = new JiraWebhookStore(jdbc, cipher, json);
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.JIRA;
    }

    @Override
    public Duration reconcileInterval() {
        return properties.reconcileInterval();
    }

    @Override
    public Optional<Duration> redeliverInterval() {
        return Optional.empty();
    }

    @Override
    public List<Map<String, Object>> provision(PollContext context) throws PollException {
        TenantId tenant = context.tenant();
        UUID connection = context.connectionId();
        String token = PollingHttp.accessToken(tokens, context);
        Map<String, JiraApi.Site> sites = new LinkedHashMap<>();
        for (JiraApi.Site site : api.sites(token)) {
            sites.put(site.cloudId(), site);
        }
        List<Map<String, Object>> actions = new ArrayList<>();
        Map<String, Hook> stored = new LinkedHashMap<>();
        for (Hook hook : store.hooks(tenant, connection)) {
            if (sites.containsKey(hook.cloudId())) {
                stored.put(hook.cloudId(), hook);
            } else {
                store.remove(tenant, connection, hook);
                actions.add(action("forgotten", hook.siteUrl(), hook.externalId()));
            }
        }
        if (!actions.isEmpty()) {
            connections.forget(tenant, Provider.JIRA);
        }
        TargetFailures failures = new TargetFailures();
        for (JiraApi.Site site : sites.values()) {
            try {
                actions.add(reconcile(tenant, connection, token, site, stored.get(site.cloudId())));
            } catch (PollException e) {
                actions.add(failures.add("site", site.url(), e));
            }
        }
        failures.throwIfAny("some Jira webhooks could not be registered or refreshed yet", "Jira refused webhooks on");
        return actions;
    }

    /** Keeps, refreshes or (re)registers the site's webhook; a failure is also stored on its row. */
    private Map<String, Object> reconcile(TenantId tenant, UUID connection, String token, JiraApi.Site site,
            Hook hook) throws PollException {
        try {
            Map<String, Instant> listed = hook == null || hook.externalId() == null ? Map.of()
                    : api.list(site.cloudId(), token);
            if (hook != null && hook.externalId() != null && listed.containsKey(hook.externalId())) {
                Instant now = clock.instant();
                Instant expires = listed.get(hook.externalId());
                if (expires != null && expires.isAfter(now.plus(properties.refreshAhead()))) {
                    store.kept(hook.id(), expires, null);
                    return action("kept", site.url(), hook.externalId());
                }
                Instant refreshed = api.refresh(site.cloudId(), token, List.of(hook.externalId()))
                        .orElse(now.plus(LIFETIME));
                store.kept(hook.id(), refreshed, now);
                Map<String, Object> action = action("refreshed", site.url(), hook.externalId());
                action.put("expires_at", refreshed.toString());
                return action;
            }
        } catch (PollException e) {
            store.failed(hook.id(), e.toError(clock.instant()));
            throw e;
        }
        // "recreated": Jira had a webhook of this row once and dropped it; a row never registered is created
        return register(tenant, connection, token, site, hook == null || hook.externalId() == null ? "created"
                : "recreated");
    }

    private Map<String, Object> register(TenantId tenant, UUID connection, String token, JiraApi.Site site,
            String done) throws PollException {
        UUID row = store.prepare(tenant, connection, site.cloudId(), site.url(), properties.jwtIssuer());
        // the new bindings count at once on this instance, before Jira's first delivery
        connections.forget(tenant, Provider.JIRA);
        try {
            String id = api.register(site.cloudId(), token, properties.publicBaseUrl() + "/webhooks/jira/"
                    + tenant.value());
            Instant now = clock.instant();
            // Jira's answer carries no expiry: it is 30 days from now, and the next listing reads the exact one
            store.created(row, id, api.collection(site.cloudId()), now.plus(LIFETIME), now);
            return action(done, site.url(), id);
        } catch (PollException e) {
            store.failed(row, e.toError(clock.instant()));
            throw e;
        }
    }

    private static Map<String, Object> action(String action, String site, String webhookId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("action", action);
        entry.put("site", site);
        if (webhookId != null) {
            entry.put("webhook_id", webhookId);
        }
        return entry;
    }
}
