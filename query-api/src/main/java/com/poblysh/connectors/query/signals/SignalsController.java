package com.poblysh.connectors.query.signals;

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
import com.poblysh.connectors.query.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /signals} and {@code GET /signals/{id}} for the authenticated tenant. Every parameter is validated
 * before the database is touched; the tenant comes from the auth filter, never from the query.
 */
@RestController
@RequestMapping(path = "/signals", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "signals", description = "Normalized activity of a tenant's connections")
class SignalsController {

    static final Set<String> PARAMETERS = Set.of("provider", "connection_id", "kind", "occurred_after",
            "occurred_before", "limit", "cursor", "include_payload", "order");

    private final SignalRepository signals;
    private final Pager pager;

    SignalsController(SignalRepository signals, Pager pager) {
        this.signals = signals;
        this.pager = pager;
    }

    @GetMapping
    @Operation(operationId = "listSignals", summary = "List the tenant's signals, newest first "
            + "(occurred_at DESC, id DESC), or in the order they were stored (order=stored)", description = "With "
            + "order=stored the list starts at the oldest stored signal and next_cursor is where the next read "
            + "continues, whether or not more signals exist yet (null only while none was ever stored): a reader "
            + "that keeps its last next_cursor and reads again sees every signal exactly once, including those "
            + "stored late with an old occurred_at (a backlog, a retry, a poll, a redrive). A full page means more "
            + "may follow at once.")
    SignalPage list(@Parameter(hidden = true) TenantId tenant, HttpServletRequest request,
            @RequestParam(name = "provider", required = false) @ProviderId
            @Parameter(description = "Only this provider") String provider,
            @RequestParam(name = "connection_id", required = false) @Parameter(description = "Only this connection",
                    schema = @Schema(format = "uuid")) String connectionId,
            @RequestParam(name = "kind", required = false) @Parameter(description = "Only this signal kind (see "
                    + "GET /providers for each provider's kinds), e.g. pr_merged") String kind,
            @RequestParam(name = "occurred_after", required = false) @Parameter(description = "Inclusive lower "
                    + "bound, RFC 3339 with offset", schema = @Schema(format = "date-time")) String occurredAfter,
            @RequestParam(name = "occurred_before", required = false) @Parameter(description = "Inclusive upper "
                    + "bound, RFC 3339 with offset; not before occurred_after", schema = @Schema(format = "date-time"))
            String occurredBefore,
            @RequestParam(name = "limit", required = false) @Parameter(description = "Page size, 1..100",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "50"))
            String limit,
            @RequestParam(name = "cursor", required = false) @Parameter(description = "next_cursor of the previous "
                    + "page, with the same filters") String cursor,
            @RequestParam(name = "include_payload", required = false) @Parameter(description = "Include each "
                    + "signal's provider payload", schema = @Schema(type = "boolean", defaultValue = "false"))
            String includePayload,
            @RequestParam(name = "order", required = false) @Parameter(description = "occurred (default): newest "
                    + "activity first; stored: oldest stored first, to follow everything stored since the last read",
                    schema = @Schema(type = "string", allowableValues = {"occurred", "stored"},
                            defaultValue = "occurred")) String order) {
        FieldErrors errors = FieldErrors.checkParameters(request, PARAMETERS);
        SignalFilter filter = SignalFilter.parse(provider, connectionId, kind, occurredAfter, occurredBefore, errors);
        boolean withPayload = errors.flag("include_payload", includePayload, false);
        SignalOrder parsedOrder = order == null ? SignalOrder.OCCURRED
                : errors.oneOf("order", order, SignalOrder::fromWireName);
        SignalOrder listOrder = parsedOrder == null ? SignalOrder.OCCURRED : parsedOrder;
        PageRequest page = pager.request(tenant, filter.scope(listOrder), limit, cursor, errors);
        errors.throwIfAny();

        if (listOrder == SignalOrder.STORED) {
            List<StoredSignal> stored = signals.findStored(filter, page, withPayload);
            Page<StoredSignal> served = pager.storagePage(page, stored, StoredSignal::position, s -> s.view().id());
            return new SignalPage(served.items().stream().map(StoredSignal::view).toList(), served.nextCursor());
        }
        List<SignalView> fetched = signals.find(filter, page, withPayload);
        Page<SignalView> served = pager.page(page, fetched, SignalView::occurredAt, SignalView::id);
        return new SignalPage(served.items(), served.nextCursor());
    }

    /**
     * One signal with its payload. An id that is not a UUID cannot name a signal, so it is answered like an
     * unknown or foreign id: 404, revealing nothing either way.
     */
    @GetMapping("/{id}")
    @Operation(operationId = "getSignal", summary = "One signal of the tenant, with its payload")
    @ApiResponse(responseCode = "200", description = "The signal")
    @ApiResponse(responseCode = "404", description = "Unknown, or another tenant's", ref = "NotFound")
    SignalView get(@Parameter(hidden = true) TenantId tenant,
            @PathVariable("id") @Parameter(description = "Signal id", schema = @Schema(format = "uuid")) String id) {
        if (!Uuids.isCanonical(id)) {
            throw ApiException.notFound("signal");
        }
        return signals.find(tenant, UUID.fromString(id)).orElseThrow(() -> ApiException.notFound("signal"));
    }
}
