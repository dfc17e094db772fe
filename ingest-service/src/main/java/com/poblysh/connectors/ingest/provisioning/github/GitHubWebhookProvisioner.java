package com.poblysh.connectors.ingest.provisioning.github;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tokens.AccessTokens;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
import com.poblysh.connectors.ingest.jobs.PollContext;
import com.poblysh.connectors.ingest.jobs.PollException;
import com.poblysh.connectors.ingest.jobs.WebhookProvisioner;
import com.poblysh.connectors.ingest.provisioning.TargetFailures;
import com.poblysh.connectors.ingest.provisioning.github.GitHubHooksApi.Answer;
import com.poblysh.connectors.ingest.provisioning.github.HookStore.Hook;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub repository webhooks of a connection, kept by the sync engine's {@code provision} and {@code redeliver} jobs.
 *
 * <p><b>Which repositories</b>: those the connection's token can administer, as {@code GET /user/repos} lists them
 * with {@code permissions.admin} (the same listing the poller reads). Each gets one hook,
 * {@code POST /repos/{owner}/{repo}/hooks}, with URL {@code POBLYSH_PUBLIC_BASE_URL/webhooks/github/<tenant>},
 * content type {@code json}, the configured events and a random secret of its own, stored encrypted
 * ({@code connection_webhooks}) with a binding to the repository, so its deliveries verify and are attributed to the
 * connection. <b>Reconcile</b> (every reconcile interval): a repository newly administered gets a hook; a hook whose
 * repository is no longer listed is deleted with its binding; a hook deleted at GitHub (404) is created again; a
 * {@code 422} "hook already exists" (one with our URL, e.g. from an earlier connect) is adopted by setting a new
 * secret on it. A repository that refuses (403 without admin rights, 404) keeps its error on its row and fails the
 * run (the connection's {@code last_error}) after the others were done; nothing of it fails the connect.
 *
 * <p><b>Redelivery sweep</b>: GitHub never retries a failed delivery. For each hook the sweeper lists its deliveries
 * ({@code GET …/hooks/{id}/deliveries}, newest first) back to its cursor ({@code sweep_cursor}: the id of the newest
 * delivery attempt the previous sweep looked at; GitHub's delivery ids only grow, a redelivery gets a new one), and
 * for each delivery GUID whose latest attempt in that window failed ({@code status_code} 0 or at least 400) and that
 * has no successful attempt there, asks for one redelivery ({@code POST …/deliveries/{id}/attempts}), oldest first,
 * at most {@code max-redeliveries} per run; the cursor then moves to the newest attempt looked at (or, when the budget
 * ran out, to just before the first failed one not redelivered), so each failed attempt is redelivered once. A redelivery keeps
 * its GUID, the dedupe key, so one that had got in after all becomes no second signal.
 */
@Component
@EnableConfigurationProperties(GitHubProvisioningProperties.class)
@ConditionalOnExpression("'${poblysh.ingest.github.provisioning.public-base-url:}' != ''")
class GitHubWebhookProvisioner implements WebhookProvisioner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final GitHubProvisioningProperties properties;
    private final AccessTokens tokens;
    private final WebhookConnections connections;
    private final GitHubHooksApi api;
    private final HookStore store;
    private final JsonMapper json;
    private final Clock clock;

    GitHubWebhookProvisioner(GitHubProvisioningProperties properties, AccessTokens tokens,
            WebhookConnections connections, JdbcClient jdbc, SecretCipher cipher, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.tokens = tokens;
        this.connections = connections;
        this.api = new GitHubHooksApi(properties, json, clock);
        this.store = new HookStore(jdbc, cipher, json);
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public Duration reconcileInterval() {
        return properties.reconcileInterval();
    }

    @Override
    public Optional<Duration> redeliverInterval() {
        return Optional.of(properties.redeliverInterval());
    }

    /** A repository the token administers. */
    private record Repository(String id, String fullName) {
    }

    @Override
    public List<Map<String, Object>> provision(PollContext context) throws PollException {
        TenantId tenant = context.tenant();
        UUID connection = context.connectionId();
        String token = token(context);
        Map<String, Repository> administered = administered(token);
        List<Map<String, Object>> actions = new ArrayList<>();
        TargetFailures failures = new TargetFailures();
        Map<String, Hook> stored = new LinkedHashMap<>();
        for (Hook hook : store.hooks(tenant, connection)) {
            stored.put(hook.repositoryId(), hook);
        }
        for (Hook hook : stored.values()) {
            if (!administered.containsKey(hook.repositoryId())) {
                if (hook.apiUrl() != null) {
                    api.send(token, "DELETE", hook.apiUrl(), null, Set.of(404));
                }
                store.remove(tenant, connection, hook);
                actions.add(action("deleted", hook.fullName(), hook.externalId()));
            }
        }
        if (!actions.isEmpty()) {
            connections.forget(tenant, Provider.GITHUB);
        }
        for (Repository repository : administered.values()) {
            Hook hook = stored.get(repository.id());
            try {
                if (hook != null && hook.apiUrl() != null && stillThere(token, hook)) {
                    store.renewed(hook.id(), clock.instant());
                    actions.add(action("kept", repository.fullName(), hook.externalId()));
                    continue;
                }
                actions.add(create(tenant, connection, token, repository));
            } catch (PollException e) {
                actions.add(failures.add("repository", repository.fullName(), e));
            }
        }
        failures.throwIfAny("some hooks could not be created yet", "GitHub refused hooks on");
        return actions;
    }

    private boolean stillThere(String token, Hook hook) throws PollException {
        Answer answer = api.send(token, "GET", hook.apiUrl(), null, Set.of(404));
        // still pointing at this service (someone may have edited it at GitHub): else it is replaced
        return answer.ok() && answer.body().path("config").path("url").asString("")
                .startsWith(properties.publicBaseUrl() + "/webhooks/github/");
    }

    private Map<String, Object> create(TenantId tenant, UUID connection, String token, Repository repository)
            throws PollException {
        String secret = secret();
        UUID row = store.prepare(tenant, connection, repository.id(), repository.fullName(), secret);
        // before GitHub sends the hook's ping: this instance verifies it with the new secret at once
        connections.forget(tenant, Provider.GITHUB);
        String hooksUrl = api.url("/repos/" + repository.fullName() + "/hooks");
        String webhookUrl = properties.publicBaseUrl() + "/webhooks/github/" + tenant.value();
        ObjectNode body = json.createObjectNode();
        body.put("name", "web").put("active", true);
        body.putArray("events").addAll(properties.events().stream().map(json.getNodeFactory()::stringNode).toList());
        body.putObject("config").put("url", webhookUrl).put("content_type", "json").put("insecure_ssl", "0")
                .put("secret", secret);
        try {
            Answer created = api.send(token, "POST", hooksUrl, body, Set.of(403, 404, 422));
            if (created.status() == 422) {
                return adopt(token, row, repository, hooksUrl, webhookUrl, secret, created);
            }
            if (!created.ok()) {
                throw refused(created, repository);
            }
            String id = created.body().path("id").asString();
            store.created(row, id, hooksUrl + "/" + id, clock.instant());
            return action("created", repository.fullName(), id);
        } catch (PollException e) {
            store.failed(row, error(e.code(), e.getMessage()));
            throw e;
        }
    }

    /** A hook with our URL exists already (422): it gets the new secret and becomes this row's hook. */
    private Map<String, Object> adopt(String token, UUID row, Repository repository, String hooksUrl,
            String webhookUrl, String secret, Answer refusal) throws PollException {
        Answer list = api.send(token, "GET", hooksUrl + "?per_page=100", null, Set.of());
        for (JsonNode hook : list.body()) {
            if (webhookUrl.equals(hook.path("config").path("url").asString(""))) {
                String id = hook.path("id").asString();
                ObjectNode patch = json.createObjectNode();
                patch.putObject("config").put("url", webhookUrl).put("content_type", "json")
                        .put("insecure_ssl", "0").put("secret", secret);
                patch.put("active", true);
                patch.putArray("events")
                        .addAll(properties.events().stream().map(json.getNodeFactory()::stringNode).toList());
                api.send(token, "PATCH", hooksUrl + "/" + id, patch, Set.of());
                store.created(row, id, hooksUrl + "/" + id, clock.instant());
                return action("adopted", repository.fullName(), id);
            }
        }
        throw PollException.permanent("hook_exists", "GitHub answered 422 to creating the hook of "
                + repository.fullName() + " and lists no hook with this service's URL: " + api.message(refusal));
    }

    private PollException refused(Answer answer, Repository repository) {
        String code = answer.status() == 404 ? "repository_not_found" : answer.status() == 403 ? "forbidden"
                : "http_" + answer.status();
        return PollException.permanent(code, "GitHub answered " + answer.status() + " to creating the hook of "
                + repository.fullName() + ": " + api.message(answer));
    }

    private Map<String, Repository> administered(String token) throws PollException {
        Map<String, Repository> repositories = new LinkedHashMap<>();
        String url = api.url("/user/repos?sort=full_name&per_page=100");
        for (int page = 0; url != null && page < properties.maxPages(); page++) {
            Answer answer = api.send(token, "GET", url, null, Set.of());
            for (JsonNode repo : answer.body()) {
                if (repo.path("permissions").path("admin").asBoolean(false)) {
                    String id = repo.path("id").asString();
                    repositories.put(id, new Repository(id, repo.path("full_name").asString()));
                }
            }
            url = answer.next();
        }
        return repositories;
    }

    @Override
    public List<Map<String, Object>> redeliver(PollContext context) throws PollException {
        String token = token(context);
        List<Map<String, Object>> actions = new ArrayList<>();
        int budget = properties.maxRedeliveries();
        for (Hook hook : store.hooks(context.tenant(), context.connectionId())) {
            if (hook.apiUrl() == null) {
                continue;
            }
            budget -= sweep(token, hook, budget, actions);
        }
        return actions;
    }

    /** One delivery attempt as GitHub lists it. */
    private record Attempt(long id, String guid, int statusCode) {

        boolean failed() {
            return statusCode == 0 || statusCode >= 400;
        }
    }

    /** Sweeps one hook's deliveries; returns how many it asked to redeliver. */
    private int sweep(String token, Hook hook, int budget, List<Map<String, Object>> actions) throws PollException {
        List<Attempt> window = new ArrayList<>();
        String url = hook.apiUrl() + "/deliveries?per_page=100";
        boolean reachedCursor = false;
        for (int page = 0; url != null && !reachedCursor && page < properties.maxPages(); page++) {
            Answer answer = api.send(token, "GET", url, null, Set.of(404));
            if (answer.status() == 404) {
                store.failed(hook.id(), error("hook_not_found", "GitHub no longer has hook " + hook.externalId()
                        + " of " + hook.fullName() + "; the next reconcile creates it again"));
                return 0;
            }
            for (JsonNode delivery : answer.body()) {
                long id = delivery.path("id").asLong();
                if (hook.sweepCursor() != null && id <= hook.sweepCursor()) {
                    reachedCursor = true;
                    break;
                }
                window.add(new Attempt(id, delivery.path("guid").asString(), delivery.path("status_code").asInt(0)));
            }
            url = answer.next();
        }
        if (window.isEmpty()) {
            return 0;
        }
        Map<String, Attempt> latest = new LinkedHashMap<>();
        Set<String> succeeded = new HashSet<>();
        for (Attempt attempt : window) {
            if (!attempt.failed()) {
                succeeded.add(attempt.guid());
            }
            latest.merge(attempt.guid(), attempt, (a, b) -> a.id() > b.id() ? a : b);
        }
        List<Attempt> failed = latest.values().stream().filter(a -> a.failed() && !succeeded.contains(a.guid()))
                .sorted(Comparator.comparingLong(Attempt::id)).toList();
        long until = window.stream().mapToLong(Attempt::id).max().orElseThrow();
        int asked = 0;
        for (Attempt attempt : failed) {
            if (asked >= budget) {
                // the rest wait for the next sweep: the cursor stops just before the first one not redelivered
                until = attempt.id() - 1;
                break;
            }
            api.send(token, "POST", hook.apiUrl() + "/deliveries/" + attempt.id() + "/attempts", null, Set.of());
            asked++;
            Map<String, Object> action = action("redelivered", hook.fullName(), hook.externalId());
            action.put("delivery_guid", attempt.guid());
            action.put("status_code", attempt.statusCode());
            actions.add(action);
        }
        store.swept(hook.id(), until);
        return asked;
    }

    private String token(PollContext context) throws PollException {
        return tokens.accessToken(context.tenant(), context.connectionId(), Provider.GITHUB)
                .orElseThrow(() -> PollException.unauthorized("the connection has no usable GitHub access token"));
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, Object> action(String action, String repository, String hookId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("action", action);
        entry.put("repository", repository);
        if (hookId != null) {
            entry.put("hook_id", hookId);
        }
        return entry;
    }

    private Map<String, Object> error(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message == null ? code : message.length() <= 500 ? message
                : message.substring(0, 500) + "…");
        error.put("at", clock.instant().toString());
        return error;
    }
}
