package com.poblysh.connectors.query.auth;

import java.io.IOException;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemResponses;
import com.poblysh.connectors.common.web.TenantRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authentication and tenancy for every request, in one place: {@link PublicRoutes} pass through, and so do
 * {@link ConsoleRoutes} (signed-in operator sessions, guarded by Spring Security); any other path
 * needs a valid operator bearer token (else 401) and a UUID {@code X-Tenant-Id} (else 400), which is then stored
 * on the request for controllers' {@code TenantId} parameters. The tenantless operator routes
 * ({@link PublicRoutes#OPERATOR_PATTERNS}) need the token only. Runs after the trace-id filter so its problem
 * answers carry the request's {@code trace_id}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class TenantAuthFilter extends OncePerRequestFilter {

    private final TenantRequests tenants;
    private final ProblemResponses problems;

    TenantAuthFilter(TenantRequests tenants, ProblemResponses problems) {
        this.tenants = tenants;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!PublicRoutes.isPublic(request.getRequestURI(), request.getContextPath())
                && !ConsoleRoutes.isConsole(request.getRequestURI(), request.getContextPath())) {
            try {
                if (PublicRoutes.isOperatorOnly(request.getRequestURI(), request.getContextPath())) {
                    tenants.requireOperator(request);
                } else {
                    tenants.requireTenant(request);
                }
            } catch (ApiException rejected) {
                problems.write(response, rejected);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
