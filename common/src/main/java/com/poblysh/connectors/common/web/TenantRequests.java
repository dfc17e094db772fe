package com.poblysh.connectors.common.web;

import java.util.Optional;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.tenancy.Uuids;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates operator requests: {@code Authorization: Bearer <token>} and {@code X-Tenant-Id: <uuid>}, with
 * the contract's answers (401 {@code UNAUTHORIZED} first, then 400 for a missing or malformed tenant header).
 */
public final class TenantRequests {

    /** Header carrying Core's tenant UUID. */
    public static final String TENANT_HEADER = "X-Tenant-Id";
    /** Request attribute holding the authenticated {@link TenantId}. */
    public static final String TENANT_ATTRIBUTE = TenantRequests.class.getName() + ".tenant";
    /** Request attribute holding the authenticated operator token id (never the token). */
    public static final String TOKEN_ID_ATTRIBUTE = TenantRequests.class.getName() + ".tokenId";

    private final OperatorTokens tokens;

    public TenantRequests(OperatorTokens tokens) {
        this.tokens = tokens;
    }

    /** The operator token id when the request carries a valid bearer token. */
    public Optional<String> operator(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.authenticate(header.substring(7).trim());
    }

    /** Requires an operator token; throws 401 otherwise. Stores the token id on the request. */
    public String requireOperator(HttpServletRequest request) {
        String tokenId = operator(request).orElseThrow(() ->
                ApiException.unauthorized("a valid operator bearer token is required"));
        request.setAttribute(TOKEN_ID_ATTRIBUTE, tokenId);
        return tokenId;
    }

    /** Requires an operator token and a valid {@code X-Tenant-Id}; stores both on the request. */
    public TenantId requireTenant(HttpServletRequest request) {
        requireOperator(request);
        String header = request.getHeader(TENANT_HEADER);
        if (header == null || header.isBlank()) {
            throw ApiException.validation("X-Tenant-Id", "missing tenant header");
        }
        if (!Uuids.isCanonical(header.trim())) {
            throw ApiException.validation("X-Tenant-Id", "X-Tenant-Id must be a UUID");
        }
        TenantId tenant = TenantId.parse(header.trim());
        request.setAttribute(TENANT_ATTRIBUTE, tenant);
        return tenant;
    }
}
