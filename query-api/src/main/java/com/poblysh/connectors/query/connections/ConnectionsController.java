package com.poblysh.connectors.query.connections;

import java.util.List;
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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /connections}, {@code GET /connections/{id}} and {@code DELETE /connections/{id}} for the
 * authenticated tenant. Parameters are validated before any query; ids that are not UUIDs, unknown ids and other
 * tenants' ids all answer the same 404.
 */
@RestController
@RequestMapping(path = "/connections", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "connections", description = "A tenant's provider connections")
class ConnectionsController {

    static final Set<String> PARAMETERS = Set.of("provider", "status", "limit", "cursor");

    private final ConnectionRepository connections;
    private final ConnectionRevocation revocation;
    private final Pager pager;

    ConnectionsController(ConnectionRepository connections, ConnectionRevocation revocation, Pager pager) {
        this.connections = connections;
        this.revocation = revocation;
        this.pager = pager;
    }

    @GetMapping
    @Operation(operationId = "listConnections",
            summary = "List the tenant's connections, newest first (created_at DESC, id DESC)")
    ConnectionPage list(@Parameter(hidden = true) TenantId tenant, HttpServletRequest request,
            @RequestParam(name = "provider", required = false) @ProviderId
            @Parameter(description = "Only this provider") String provider,
            @RequestParam(name = "status", required = false) @Parameter(description = "Only this status",
                    schema = @Schema(allowableValues = {"active", "revoked", "error"})) String status,
            @RequestParam(name = "limit", required = false) @Parameter(description = "Page size, 1..100",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "50"))
            String limit,
            @RequestParam(name = "cursor", required = false) @Parameter(description = "next_cursor of the previous "
                    + "page, with the same filters") String cursor) {
        FieldErrors errors = FieldErrors.checkParameters(request, PARAMETERS);
        ConnectionFilter filter = ConnectionFilter.parse(provider, status, errors);
        PageRequest page = pager.request(tenant, filter.scope(), limit, cursor, errors);
        errors.throwIfAny();

        List<ConnectionView> fetched = connections.find(filter, page);
        Page<ConnectionView> served = pager.page(page, fetched, ConnectionView::createdAt, ConnectionView::id);
        return new ConnectionPage(served.items(), served.nextCursor());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getConnection",
            summary = "One connection of the tenant")
    @ApiResponse(responseCode = "200", description = "The connection")
    @ApiResponse(responseCode = "404", description = "Unknown, or another tenant's", ref = "NotFound")
    ConnectionView get(@Parameter(hidden = true) TenantId tenant,
            @PathVariable("id") @Parameter(description = "Connection id", schema = @Schema(format = "uuid"))
            String id) {
        return connections.find(tenant, uuid(id)).orElseThrow(() -> ApiException.notFound("connection"));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeConnection",
            summary = "Disconnect: revoke at the provider where possible, erase tokens, status revoked",
            description = "Idempotent: deleting a revoked connection answers it again. Queued sync jobs of the "
                    + "connection are failed. A failing provider-side revocation does not fail the request; it is "
                    + "recorded in the audit log.")
    @ApiResponse(responseCode = "200", description = "The revoked connection")
    @ApiResponse(responseCode = "404", description = "Unknown, or another tenant's", ref = "NotFound")
    ConnectionView revoke(@Parameter(hidden = true) TenantId tenant,
            HttpServletRequest request,
            @PathVariable("id") @Parameter(description = "Connection id", schema = @Schema(format = "uuid"))
            String id) {
        return revocation.revoke(tenant, uuid(id), Actors.operator(request));
    }

    /** An id that is not a UUID cannot name a connection: the same 404 as an unknown one. */
    private static UUID uuid(String id) {
        if (!Uuids.isCanonical(id)) {
            throw ApiException.notFound("connection");
        }
        return UUID.fromString(id);
    }
}
