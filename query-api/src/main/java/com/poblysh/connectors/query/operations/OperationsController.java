package com.poblysh.connectors.query.operations;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.Uuids;
import com.poblysh.connectors.common.web.ApiException;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Replays and dead-letter redrives for automation, the HTTP face of {@code connectors-admin}: tenantless (an
 * operator token, no {@code X-Tenant-Id}; a replay may span every tenant), under {@code /operations}, never under
 * a tenant-scoped route. Starting one queues an {@code operation_runs} row that a signal-processor runs; its
 * progress is read from that row, and a cancel stops it after its current batch.
 */
@RestController
@Tag(name = "operations", description = "Replays and dead-letter redrives (operators, tenantless)")
class OperationsController {

    private static final Pattern OFFSET_POSITION = Pattern.compile("\\d{1,9}:\\d{1,18}");
    private static final Set<String> REPLAY_FIELDS = Set.of("from", "to", "tenant_id", "provider", "mode", "rate",
            "dry_run");
    private static final Set<String> REDRIVE_FIELDS = Set.of("tenant_id", "provider", "reason", "since", "dry_run");

    /** Body of {@code POST /operations/replays} (documentation; read as a map so unknown fields fail). */
    record ReplayBody(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "RFC 3339 time (every partition) or "
                    + "partition:offset (that partition)", example = "2026-03-01T00:00:00Z") String from,
            @Schema(description = "End (exclusive), same form as from; default: the end when the run starts")
            String to,
            @Schema(format = "uuid", description = "Only this tenant") String tenantId,
            @Schema(description = "Only this provider") Provider provider,
            @Schema(allowableValues = {"insert-missing", "rebuild"}, defaultValue = "insert-missing") String mode,
            @Schema(description = "At most this many records per second", minimum = "0", exclusiveMinimum = true)
            Double rate,
            @Schema(defaultValue = "false", description = "Count what would change, store nothing") Boolean dryRun) {
    }

    /** Body of {@code POST /operations/redrives}. */
    record RedriveBody(
            @Schema(format = "uuid") String tenantId,
            Provider provider,
            @Schema(description = "Text the failure reason contains") String reason,
            @Schema(format = "date-time", description = "Dead-lettered at or after") String since,
            @Schema(defaultValue = "false") Boolean dryRun) {
    }

    private final OperationRunRepository runs;

    OperationsController(OperationRunRepository runs) {
        this.runs = runs;
    }

    @PostMapping(path = "/operations/replays", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startReplay", summary = "Queue a replay of connectors.raw-events into Postgres",
            description = "202 with the queued run; a signal-processor runs it with its own consumer group and rate "
                    + "limit. Poll GET /operations/runs/{id} for its progress.")
    @ApiResponse(responseCode = "202", description = "The run was queued")
    ResponseEntity<OperationRunView> replay(HttpServletRequest request,
            @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = ReplayBody.class)))
            Map<String, Object> body) {
        FieldErrors errors = FieldErrors.none();
        unknownFields(body, REPLAY_FIELDS, errors);
        String from = position(errors, "from", body.get("from"), true);
        String to = position(errors, "to", body.get("to"), false);
        if (from != null && to != null && OFFSET_POSITION.matcher(from).matches()
                != OFFSET_POSITION.matcher(to).matches()) {
            errors.reject("to", "from and to must both be times or both be partition:offset");
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", from);
        filters.put("to", to);
        filters.put("tenant", tenant(errors, body.get("tenant_id")));
        filters.put("provider", provider(errors, body.get("provider")));
        Object mode = body.getOrDefault("mode", "insert-missing");
        if (!"insert-missing".equals(mode) && !"rebuild".equals(mode)) {
            errors.reject("mode", "mode must be insert-missing or rebuild");
        }
        filters.put("mode", mode);
        Object rate = body.get("rate");
        if (rate != null && !(rate instanceof Number n && n.doubleValue() > 0)) {
            errors.reject("rate", "rate must be a number above 0");
        }
        filters.put("rate", rate);
        filters.put("dry_run", flag(errors, body.get("dry_run")));
        errors.throwIfAny();
        return queued(runs.queue("replay", filters, Actors.operator(request), Instant.now()));
    }

    @PostMapping(path = "/operations/redrives", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startRedrive", summary = "Queue a redrive of the selected dead letters",
            description = "202 with the queued run; dead letters that now process become signals, still-poison "
                    + "ones stay on connectors.raw-events.dlt and are counted as failed.")
    @ApiResponse(responseCode = "202", description = "The run was queued")
    ResponseEntity<OperationRunView> redrive(HttpServletRequest request,
            @RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(schema = @Schema(implementation = RedriveBody.class)))
            Map<String, Object> body) {
        Map<String, Object> given = body == null ? Map.of() : body;
        FieldErrors errors = FieldErrors.none();
        unknownFields(given, REDRIVE_FIELDS, errors);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("tenant", tenant(errors, given.get("tenant_id")));
        filters.put("provider", provider(errors, given.get("provider")));
        Object reason = given.get("reason");
        if (reason != null && !(reason instanceof String)) {
            errors.reject("reason", "reason must be a string");
        }
        filters.put("reason", reason);
        Object since = given.get("since");
        Instant sinceAt = since instanceof String text ? errors.timestamp("since", text) : null;
        if (since != null && !(since instanceof String)) {
            errors.reject("since", "since must be an RFC 3339 date-time with offset, e.g. 2024-05-01T12:00:00Z");
        }
        filters.put("since", sinceAt == null ? null : sinceAt.toString());
        filters.put("dry_run", flag(errors, given.get("dry_run")));
        errors.throwIfAny();
        return queued(runs.queue("redrive", filters, Actors.operator(request), Instant.now()));
    }

    @GetMapping(path = "/operations/runs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getOperationRun", summary = "A replay or redrive run: status, filters and progress")
    @ApiResponse(responseCode = "200", description = "The run")
    @ApiResponse(responseCode = "404", description = "No such replay or redrive run", ref = "NotFound")
    OperationRunView get(@PathVariable("id") @Parameter(description = "Run id", schema = @Schema(format = "uuid"))
                         String id) {
        return runs.find(uuid(id)).orElseThrow(() -> ApiException.notFound("operation run"));
    }

    @PostMapping(path = "/operations/runs/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "cancelOperationRun", summary = "Cancel a replay or redrive run",
            description = "A queued run is cancelled at once; a running one stops after its current batch (status "
                    + "becomes cancelled, cancel_requested is true meanwhile). A finished run is answered as it is. "
                    + "connectors-admin replay --resume <id> continues a cancelled replay from its checkpoint.")
    @ApiResponse(responseCode = "200", description = "The run, cancelled or asked to stop")
    @ApiResponse(responseCode = "404", description = "No such replay or redrive run", ref = "NotFound")
    OperationRunView cancel(@PathVariable("id") @Parameter(description = "Run id", schema = @Schema(format = "uuid"))
                            String id) {
        return runs.cancel(uuid(id), Instant.now()).orElseThrow(() -> ApiException.notFound("operation run"));
    }

    private static ResponseEntity<OperationRunView> queued(OperationRunView run) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/operations/runs/" + run.id()))
                .body(run);
    }

    private static void unknownFields(Map<String, Object> body, Set<String> allowed, FieldErrors errors) {
        body.keySet().stream().filter(field -> !allowed.contains(field)).sorted()
                .forEach(field -> errors.reject(field, "unknown field " + field));
    }

    private static String position(FieldErrors errors, String field, Object raw, boolean required) {
        if (raw == null) {
            if (required) {
                errors.reject(field, field + " is required");
            }
            return null;
        }
        if (raw instanceof String text) {
            if (OFFSET_POSITION.matcher(text).matches()) {
                return text;
            }
            Instant at = errors.timestamp(field, text);
            return at == null ? null : at.toString();
        }
        errors.reject(field, field + " must be an RFC 3339 date-time or partition:offset");
        return null;
    }

    private static String tenant(FieldErrors errors, Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof String text && Uuids.isCanonical(text)) {
            return text;
        }
        errors.reject("tenant_id", "tenant_id must be a UUID");
        return null;
    }

    private static String provider(FieldErrors errors, Object raw) {
        if (raw == null) {
            return null;
        }
        Provider provider = raw instanceof String text ? errors.oneOf("provider", text, Provider::fromId) : null;
        if (!(raw instanceof String)) {
            errors.reject("provider", "provider must be a string");
        }
        return provider == null ? null : provider.id();
    }

    private static boolean flag(FieldErrors errors, Object raw) {
        if (raw == null) {
            return false;
        }
        if (raw instanceof Boolean value) {
            return value;
        }
        errors.reject("dry_run", "dry_run must be true or false");
        return false;
    }

    /** An id that is not a UUID cannot name anything: the same 404 as an unknown one. */
    private static UUID uuid(String id) {
        if (!Uuids.isCanonical(id)) {
            throw ApiException.notFound("operation run");
        }
        return UUID.fromString(id);
    }
}
