package com.poblysh.connectors.query.web;

import com.poblysh.connectors.common.web.TenantRequests;
import jakarta.servlet.http.HttpServletRequest;

/** Who made a request, for audit rows: the operator token id the auth filter stored, never the token. */
public final class Actors {

    private Actors() {
    }

    /**
     * The token id of the authenticated operator, e.g. {@code tok_3f2a9c1b7e4d}.
     *
     * @throws IllegalStateException when the request was not authenticated (a route missing from the filter)
     */
    public static String operator(HttpServletRequest request) {
        if (request.getAttribute(TenantRequests.TOKEN_ID_ATTRIBUTE) instanceof String tokenId) {
            return tokenId;
        }
        throw new IllegalStateException("request was not authenticated by the tenant auth filter");
    }
}
