package com.poblysh.connectors.query.console;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.query.connections.ConnectionRevocation;
import com.poblysh.connectors.query.jobs.SyncRequests;
import com.poblysh.connectors.query.pagination.Page;
import com.poblysh.connectors.query.pagination.PageRequest;
import com.poblysh.connectors.query.pagination.Pager;
import com.poblysh.connectors.query.web.FieldErrors;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The operator console's one page, {@code /admin/provider-connections}: connections across the tenants the
 * signed-in operator was granted, the tenant context switcher, the row actions and the pages they lead to (a
 * connection's audit trail, a run). Every read and action goes through the operator's grants in SQL, so a
 * connection, run or tenant outside them answers 404 exactly like one that does not exist; a viewer's attempt at
 * a manager's action answers 403.
 */
@Controller
@Hidden
class ProviderConnectionsController {

    static final String PAGE = "/admin/provider-connections";
    /** Session attribute holding the operator's tenant context (tenant id text), set by the switcher. */
    static final String TENANT_CONTEXT = ProviderConnectionsController.class.getName() + ".tenant";
    /** The list's parameters; {@code continue} is Spring Security's marker on the redirect after sign-in. */
    private static final Set<String> LIST_PARAMETERS = Set.of("tenant_id", "provider", "status", "limit", "cursor",
            "continue");

    private final ConsoleConnections connections;
    private final OperatorGrants grants;
    private final ConsoleRuns runs;
    private final ConsoleAudit audit;
    private final HealthChecks healthChecks;
    private final ConnectionRevocation revocation;
    private final SyncRequests syncs;
    private final Pager pager;
    private final TransactionTemplate transaction;
    private final java.time.Clock clock;

    ProviderConnectionsController(ConsoleConnections connections, OperatorGrants grants, ConsoleRuns runs,
            ConsoleAudit audit, HealthChecks healthChecks, ConnectionRevocation revocation, SyncRequests syncs,
            Pager pager, TransactionTemplate transaction, java.time.Clock clock) {
        this.connections = connections;
        this.grants = grants;
        this.runs = runs;
        this.audit = audit;
        this.healthChecks = healthChecks;
        this.revocation = revocation;
        this.syncs = syncs;
        this.pager = pager;
        this.transaction = transaction;
        this.clock = clock;
    }

    @GetMapping(PAGE)
    String list(Authentication operator, HttpServletRequest request, HttpSession session, Model model,
            @RequestParam(name = "tenant_id", required = false) String tenantId,
            @RequestParam(name = "provider", required = false) String provider,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        String name = operator.getName();
        FieldErrors errors = FieldErrors.checkParameters(request, LIST_PARAMETERS);
        TenantId context = context(session, name);
        String tenantSource;
        TenantId tenant;
        if (ConsoleFilter.blankToNull(tenantId) != null) {
            // the query string wins over the tenant context (deep links), and names a granted tenant or none
            tenant = grantedTenant(name, tenantId);
            tenantSource = "link";
        } else {
            tenant = context;
            tenantSource = context == null ? "all" : "context";
        }
        ConsoleFilter filter = ConsoleFilter.parse(tenant, provider, status, errors);
        PageRequest page = pager.request(ConsoleFilter.cursorOwner(name), filter.scope(name), limit, cursor, errors);
        errors.throwIfAny();

        List<ConsoleConnectionRow> fetched = connections.find(name, filter, page);
        Page<ConsoleConnectionRow> served = pager.page(page, fetched, ConsoleConnectionRow::createdAt,
                ConsoleConnectionRow::id);
        model.addAttribute("operator", name);
        model.addAttribute("tenants", grants.tenants(name).stream().map(TenantId::toString).toList());
        model.addAttribute("context", context == null ? null : context.toString());
        model.addAttribute("tenant", tenant == null ? null : tenant.toString());
        model.addAttribute("tenantSource", tenantSource);
        model.addAttribute("provider", filter.provider() == null ? null : filter.provider().id());
        model.addAttribute("status", filter.status());
        model.addAttribute("providers", java.util.Arrays.stream(Provider.values()).map(Provider::id).toList());
        model.addAttribute("statuses", ConsoleFilter.STATUSES);
        model.addAttribute("rows", served.items().stream().map(ConsoleViews.Row::of).toList());
        model.addAttribute("nextPage", served.nextCursor() == null ? null
                : listUrl(tenantSource.equals("link") ? tenant : null, filter, limit, served.nextCursor()));
        model.addAttribute("firstPage", page.isFirstPage() ? null
                : listUrl(tenantSource.equals("link") ? tenant : null, filter, limit, null));
        return "console/provider-connections";
    }

    /** The tenant switcher: sets the session's tenant context (blank: all granted tenants). */
    @PostMapping("/admin/tenant-context")
    String switchTenant(Authentication operator, HttpSession session,
            @RequestParam(name = "tenant_id", required = false) String tenantId) {
        if (ConsoleFilter.blankToNull(tenantId) == null) {
            session.removeAttribute(TENANT_CONTEXT);
        } else {
            session.setAttribute(TENANT_CONTEXT, grantedTenant(operator.getName(), tenantId).toString());
        }
        return "redirect:" + PAGE;
    }

    @PostMapping(PAGE + "/{id}/revoke")
    String revoke(Authentication operator, @PathVariable("id") String id, RedirectAttributes redirect) {
        ConsoleConnectionRow row = managed(operator, id, "revoke connections");
        revocation.revoke(row.tenant(), row.id(), actor(operator));
        redirect.addFlashAttribute("message", "Connection " + row.id() + " (" + row.provider().id()
                + ") was revoked.");
        redirect.addFlashAttribute("auditUrl", PAGE + "/" + row.id() + "/audit");
        return "redirect:" + PAGE;
    }

    /** "Sync now": queues an incremental sync job and records the request as a run that names it. */
    @PostMapping(PAGE + "/{id}/sync")
    String sync(Authentication operator, @PathVariable("id") String id) {
        ConsoleConnectionRow row = managed(operator, id, "queue syncs");
        UUID run = transaction.execute(tx -> {
            SyncRequests.Queued queued = syncs.requestIncremental(row.tenant(), row.id(), actor(operator));
            return runs.create(row.tenant(), ConsoleRuns.SYNC, "queued", row.id(), java.util.Map.of(
                    "connection_id", row.id().toString(), "job_id", queued.jobId().toString(),
                    "job_type", queued.jobType(), "job_created", queued.created()), actor(operator), clock.instant());
        });
        return "redirect:/admin/runs/" + run;
    }

    /** "Run health check": allowed to every role; executed at once ({@link HealthChecks}). */
    @PostMapping(PAGE + "/{id}/health-check")
    String healthCheck(Authentication operator, @PathVariable("id") String id) {
        ConsoleConnectionRow row = visible(operator, id);
        UUID run = healthChecks.run(row.tenant(), row.id(), actor(operator));
        return "redirect:/admin/runs/" + run;
    }

    @GetMapping(PAGE + "/{id}/audit")
    String auditTrail(Authentication operator, @PathVariable("id") String id, Model model) {
        ConsoleConnectionRow row = visible(operator, id);
        model.addAttribute("operator", operator.getName());
        model.addAttribute("connection", ConsoleViews.Row.of(row));
        model.addAttribute("entries", audit.forConnection(row.tenant(), row.id()).stream()
                .map(e -> new AuditLine(ConsoleViews.time(e.at(), ""), ConsoleViews.iso(e.at()), e.actor(),
                        e.action(), e.details(), e.traceId()))
                .toList());
        model.addAttribute("limit", ConsoleAudit.LIMIT);
        return "console/audit";
    }

    @GetMapping("/admin/runs/{id}")
    String run(Authentication operator, @PathVariable("id") String id, Model model) {
        ConsoleRuns.Run run = runs.find(operator.getName(), uuid(id, "run"))
                .orElseThrow(() -> ApiException.notFound("run"));
        model.addAttribute("operator", operator.getName());
        RunView view = RunView.of(run);
        if (ConsoleRuns.SYNC.equals(run.kind()) && run.progress() != null && run.progress().hasNonNull("job_id")) {
            UUID jobId = UUID.fromString(run.progress().get("job_id").asString());
            RunView.JobLine job = runs.job(run.tenant(), jobId).map(RunView.JobLine::of).orElse(null);
            if (job != null) {
                view = view.following(job);
            }
            model.addAttribute("job", job);
            model.addAttribute("engineRuns", runs.engineRuns(run.tenant(), jobId).stream().map(RunView::of).toList());
        }
        model.addAttribute("run", view);
        return "console/run";
    }

    /** The page's former, tenant-scoped address: a permanent redirect to the canonical page with the tenant. */
    @GetMapping("/admin/tenants/{tenantId}/provider-connections")
    ResponseEntity<Void> legacy(@PathVariable("tenantId") String tenantId, HttpServletRequest request) {
        if (!Uuids.isCanonical(tenantId)) {
            throw ApiException.notFound("tenant");
        }
        UriComponentsBuilder target = UriComponentsBuilder.fromPath(PAGE).queryParam("tenant_id", tenantId);
        for (String kept : List.of("provider", "status")) {
            String value = request.getParameter(kept);
            if (value != null) {
                target.queryParam(kept, value);
            }
        }
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                .header(HttpHeaders.LOCATION, target.encode().build().toUriString()).build();
    }

    /** One audit row as the audit page prints it. */
    record AuditLine(String at, String atIso, String actor, String action, String details, String traceId) {
    }

    private ConsoleConnectionRow visible(Authentication operator, String id) {
        return connections.find(operator.getName(), uuid(id, "connection"))
                .orElseThrow(() -> ApiException.notFound("connection"));
    }

    private ConsoleConnectionRow managed(Authentication operator, String id, String what) {
        ConsoleConnectionRow row = visible(operator, id);
        if (!row.role().canManage()) {
            throw new ApiException(ProblemCode.FORBIDDEN, "Only managers of tenant " + row.tenant()
                    + " may " + what + "; you are a viewer.");
        }
        return row;
    }

    /** A tenant id from a request that the operator was granted; anything else does not exist for them. */
    private TenantId grantedTenant(String operator, String raw) {
        if (!Uuids.isCanonical(raw)) {
            throw ApiException.validation("tenant_id", "tenant_id must be a UUID");
        }
        TenantId tenant = TenantId.parse(raw);
        if (grants.role(operator, tenant).isEmpty()) {
            throw ApiException.notFound("tenant");
        }
        return tenant;
    }

    /** The session's tenant context while it is still granted (grants may change at a restart). */
    private TenantId context(HttpSession session, String operator) {
        if (session.getAttribute(TENANT_CONTEXT) instanceof String stored) {
            TenantId tenant = TenantId.parse(stored);
            if (grants.role(operator, tenant).isPresent()) {
                return tenant;
            }
            session.removeAttribute(TENANT_CONTEXT);
        }
        return null;
    }

    private static String listUrl(TenantId linkTenant, ConsoleFilter filter, String limit, String cursor) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath(PAGE);
        if (linkTenant != null) {
            url.queryParam("tenant_id", linkTenant.toString());
        }
        if (filter.provider() != null) {
            url.queryParam("provider", filter.provider().id());
        }
        if (filter.status() != null) {
            url.queryParam("status", filter.status());
        }
        if (limit != null) {
            url.queryParam("limit", limit);
        }
        if (cursor != null) {
            url.queryParam("cursor", cursor);
        }
        return url.encode().build().toUriString();
    }

    /** The audit actor of a console action. */
    static String actor(Authentication operator) {
        return "operator:" + operator.getName();
    }

    private static UUID uuid(String id, String what) {
        if (!Uuids.isCanonical(id)) {
            throw ApiException.notFound(what);
        }
        return UUID.fromString(id);
    }
}
