package com.poblysh.connectors.query.jobs;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.query.openapi.ProviderId;
import com.poblysh.connectors.query.pagination.Page;
import com.poblysh.connectors.query.pagination.PageRequest;
import com.poblysh.connectors.query.pagination.Pager;
import com.poblysh.connectors.query.web.Actors;
import com.poblysh.connectors.query.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sync jobs of the authenticated tenant: {@code GET /jobs}, {@code GET /jobs/{id}} and
 * {@code POST /connections/{id}/sync}, which queues one (it lives here because this package owns
 * {@code sync_jobs}).
 */
@RestController
@Tag(name = "jobs", description = "Sync jobs of a tenant's connections")
class JobsController {

    static final Set<String> PARAMETERS = Set.of("status", "provider", "connection_id", "job_type", "limit",
            "cursor");

    /** Optional body of {@code POST /connections/{id}/sync} (documentation; read as a map so unknown fields fail). */
    record SyncRequest(@Schema(allowableValues = {"full", "incremental"}, defaultValue = "incremental",
            description = "What to sync; defaults to incremental") String jobType) {
    }

    private final JobRepository jobs;
    private final SyncRequests syncs;
    private final Pager pager;

    JobsController(JobRepository jobs, SyncRequests syncs, Pager pager) {
        this.jobs = jobs;
        this.syncs = syncs;
        this.pager = pager;
    }

    @GetMapping(path = "/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listJobs",
            summary = "List the tenant's sync jobs, latest scheduled first (scheduled_at DESC, id DESC)")
    JobPage list(@Parameter(hidden = true) TenantId tenant, HttpServletRequest request,
            @RequestParam(name = "status", required = false) @Parameter(description = "Only this status",
                    schema = @Schema(allowableValues = {"queued", "running", "succeeded", "failed"})) String status,
            @RequestParam(name = "provider", required = false) @ProviderId
            @Parameter(description = "Only this provider") String provider,
            @RequestParam(name = "connection_id", required = false) @Parameter(description = "Only this connection",
                    schema = @Schema(format = "uuid")) String connectionId,
            @RequestParam(name = "job_type", required = false) @Parameter(description = "Only this type",
                    schema = @Schema(allowableValues = {"full", "incremental", "webhook", "replay", "provision",
                    "redeliver"})) String jobType,
            @RequestParam(name = "limit", required = false) @Parameter(description = "Page size, 1..100",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "50"))
            String limit,
            @RequestParam(name = "cursor", required = false) @Parameter(description = "next_cursor of the previous "
                    + "page, with the same filters") String cursor) {
        FieldErrors errors = FieldErrors.checkParameters(request, PARAMETERS);
        JobFilter filter = JobFilter.parse(status, provider, connectionId, jobType, errors);
        PageRequest page = pager.request(tenant, filter.scope(), limit, cursor, errors);
        errors.throwIfAny();

        List<JobView> fetched = jobs.find(filter, page);
        Page<JobView> served = pager.page(page, fetched, JobView::scheduledAt, JobView::id);
        return new JobPage(served.items(), served.nextCursor());
    }

    @GetMapping(path = "/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getJob",
            summary = "One sync job of the tenant")
    @ApiResponse(responseCode = "200", description = "The job")
    @ApiResponse(responseCode = "404", description = "Unknown, or another tenant's", ref = "NotFound")
    JobView get(@Parameter(hidden = true) TenantId tenant,
            @PathVariable("id") @Parameter(description = "Job id", schema = @Schema(format = "uuid")) String id) {
        return jobs.find(tenant, uuid(id, "job")).orElseThrow(() -> ApiException.notFound("job"));
    }

    @PostMapping(path = "/connections/{id}/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "syncConnection",
            summary = "Queue a sync of an active connection",
            description = "202 with the new job; 200 with the job already queued or running for this connection "
                    + "and type (no second job is queued). Location names the job either way.")
    @ApiResponse(responseCode = "202", description = "A job was queued")
    @ApiResponse(responseCode = "200", description = "A job of this type was already queued or running")
    @ApiResponse(responseCode = "404", description = "Unknown connection, or another tenant's", ref = "NotFound")
    @ApiResponse(responseCode = "409", description = "The connection is revoked or in error", ref = "Conflict")
    ResponseEntity<JobView> sync(@Parameter(hidden = true) TenantId tenant,
            HttpServletRequest request,
            @PathVariable("id") @Parameter(description = "Connection id", schema = @Schema(format = "uuid"))
            String id,
            @RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(schema = @Schema(implementation = SyncRequest.class)))
            Map<String, Object> body) {
        UUID connectionId = uuid(id, "connection");
        JobType type = jobType(body);
        SyncRequests.Outcome outcome = syncs.request(tenant, connectionId, type, Actors.operator(request));
        return ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/jobs/" + outcome.job().id()))
                .body(outcome.job());
    }

    /** The requested job type: {@code incremental} unless the body asks for {@code full}; nothing else is accepted. */
    private static JobType jobType(Map<String, Object> body) {
        if (body == null) {
            return JobType.INCREMENTAL;
        }
        FieldErrors errors = FieldErrors.none();
        body.keySet().stream().filter(field -> !field.equals("job_type"))
                .forEach(field -> errors.reject(field, "unknown field " + field));
        Object requested = body.get("job_type");
        JobType type = JobType.INCREMENTAL;
        if (requested != null) {
            type = requested instanceof String name ? JobType.fromWireName(name).filter(JobType::requestable)
                    .orElse(null) : null;
            if (type == null) {
                errors.reject("job_type", "job_type must be full or incremental");
            }
        }
        errors.throwIfAny();
        return type;
    }

    /** An id that is not a UUID cannot name anything: the same 404 as an unknown one. */
    private static UUID uuid(String id, String what) {
        if (!Uuids.isCanonical(id)) {
            throw ApiException.notFound(what);
        }
        return UUID.fromString(id);
    }
}
