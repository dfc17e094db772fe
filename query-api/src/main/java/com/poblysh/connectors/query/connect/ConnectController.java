package com.poblysh.connectors.query.connect;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.query.connections.ConnectionView;
import com.poblysh.connectors.query.openapi.ProviderId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAuth connect: {@code POST /connect/{provider}} (tenant-scoped) hands Core the URL to send the user to;
 * {@code GET /connect/{provider}/callback} (public: the provider redirects the user's browser here) finishes it.
 * Neither answer may be cached: both carry single-use material.
 */
@RestController
@Tag(name = "connect", description = "Connecting a tenant to a provider with OAuth 2.0")
class ConnectController {

    /** Body of {@code POST /connect/{provider}}. */
    record Authorization(@Schema(requiredMode = REQUIRED, description = "HTTPS URL of the provider's consent screen, "
            + "at most 2048 characters, carrying a single-use state that expires after 10 minutes")
            String authorizeUrl) {
    }

    /** Body of the callback. */
    record ConnectionEnvelope(@Schema(requiredMode = REQUIRED) ConnectionView connection) {
    }

    private final ConnectFlow flow;

    ConnectController(ConnectFlow flow) {
        this.flow = flow;
    }

    @PostMapping(path = "/connect/{provider}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "startConnect",
            summary = "Start connecting a provider: returns the URL to send the user's browser to")
    @ApiResponse(responseCode = "200", description = "The authorize URL")
    @ApiResponse(responseCode = "404", description = "Unknown provider", ref = "NotFound")
    @ApiResponse(responseCode = "503", description = "The provider's OAuth app (or POBLYSH_PUBLIC_BASE_URL) is not "
            + "configured on this service", ref = "ServiceUnavailable")
    ResponseEntity<Authorization> start(@Parameter(hidden = true) TenantId tenant,
            @PathVariable("provider") @ProviderId @Parameter(description = "Provider id") String provider) {
        String url = flow.start(tenant, provider(provider));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new Authorization(url));
    }

    @GetMapping(path = "/connect/{provider}/callback", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "completeConnect",
            summary = "Finish connecting (public): the provider redirects the user here with code and state",
            description = "The tenant comes from the state. 400 details.error_type is state_invalid, state_expired, "
                    + "state_reused or csrf_validation_failed (state issued for another provider); a denial by the "
                    + "user or provider answers 400 with details.provider_error; a rejected code 400 with "
                    + "details.error_type code_rejected; a failing provider 502 PROVIDER_ERROR.")
    @ApiResponse(responseCode = "200", description = "The stored connection")
    @ApiResponse(responseCode = "400", description = "Invalid, expired, reused or foreign state; provider denial; "
            + "missing or rejected code", ref = "ValidationFailed")
    @ApiResponse(responseCode = "404", description = "Unknown provider", ref = "NotFound")
    @ApiResponse(responseCode = "502", description = "The provider failed (5xx, timeout, invalid answer)",
            ref = "ProviderError")
    @ApiResponse(responseCode = "503", description = "The provider is not configured on this service",
            ref = "ServiceUnavailable")
    ResponseEntity<ConnectionEnvelope> callback(
            @PathVariable("provider") @ProviderId @Parameter(description = "Provider id") String provider,
            @RequestParam(name = "code", required = false) @Parameter(description = "Authorization code from the "
                    + "provider") String code,
            @RequestParam(name = "state", required = false) @Parameter(description = "The state issued by POST "
                    + "/connect/{provider}") String state,
            @RequestParam(name = "error", required = false) @Parameter(description = "OAuth error from the provider, "
                    + "e.g. access_denied") String error) {
        ConnectionView connection = flow.complete(provider(provider), state, code, error);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new ConnectionEnvelope(connection));
    }

    private static Provider provider(String id) {
        return Provider.fromId(id).orElseThrow(() -> ApiException.notFound("provider"));
    }
}
