package com.poblysh.connectors.ingest.overload;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Semaphore;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.common.web.ProblemResponses;
import com.poblysh.connectors.common.web.TenantRequests;
import com.poblysh.connectors.ingest.OverloadProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a webhook request before anything reads its body or computes a signature: its source address and its
 * tenant each within their rate ({@link RateLimits}, else 429 with {@code Retry-After}), then a place among the
 * requests being handled ({@link OverloadProperties#maxInFlight()}, else 503 with {@code Retry-After} at once). A
 * flood is refused in microseconds instead of queueing behind Kafka or the database, so genuine deliveries keep
 * their few seconds. Only {@code /webhooks/**}; health and metrics are never refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class WebhookAdmissionFilter extends OncePerRequestFilter {

    private static final String PREFIX = "/webhooks/";

    private final RateLimits addresses;
    private final RateLimits tenants;
    private final Semaphore inFlight;
    private final long inFlightRetryAfterSeconds;
    private final ProblemResponses problems;
    private final Counter limited;
    private final Counter full;

    WebhookAdmissionFilter(OverloadProperties overload, ProblemResponses problems,
            ObjectProvider<MeterRegistry> meters) {
        this.addresses = new RateLimits(overload.addressRate(), overload.addressBurst(), overload.trackedKeys());
        this.tenants = new RateLimits(overload.tenantRate(), overload.tenantBurst(), overload.trackedKeys());
        this.inFlight = new Semaphore(overload.maxInFlight());
        this.inFlightRetryAfterSeconds = Math.max(1, (overload.inFlightRetryAfter().toMillis() + 999) / 1000);
        this.problems = problems;
        MeterRegistry registry = meters.getIfAvailable();
        this.limited = registry == null ? null : Counter.builder("poblysh.webhooks.refused")
                .description("webhooks refused before any work, by reason").tag("reason", "rate_limited")
                .register(registry);
        this.full = registry == null ? null : Counter.builder("poblysh.webhooks.refused")
                .description("webhooks refused before any work, by reason").tag("reason", "in_flight")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long wait = addresses.tryAcquire(request.getRemoteAddr());
        if (wait == 0) {
            String tenant = tenant(request);
            wait = tenant == null ? 0 : tenants.tryAcquire(tenant);
            if (wait != 0) {
                refuse(response, limited, new ApiException(ProblemCode.RATE_LIMITED,
                        "too many webhooks for this tenant; retry later", Map.of(), wait));
                return;
            }
        } else {
            refuse(response, limited, new ApiException(ProblemCode.RATE_LIMITED,
                    "too many webhooks from this address; retry later", Map.of(), wait));
            return;
        }
        if (!inFlight.tryAcquire()) {
            refuse(response, full, new ApiException(ProblemCode.SERVICE_UNAVAILABLE,
                    "ingest is at capacity; retry later", Map.of(), inFlightRetryAfterSeconds));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.release();
        }
    }

    private void refuse(HttpServletResponse response, Counter counter, ApiException problem) throws IOException {
        if (counter != null) {
            counter.increment();
        }
        problems.write(response, problem);
    }

    /**
     * The tenant a request is for, as written (unchecked: a malformed id is limited like any other): the path's
     * {@code /webhooks/{provider}/{tenant}}, else an operator's {@code X-Tenant-Id}; none for an app-wide URL.
     */
    static String tenant(HttpServletRequest request) {
        String rest = request.getRequestURI().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash >= 0 && slash < rest.length() - 1) {
            String tenant = rest.substring(slash + 1);
            int end = tenant.indexOf('/');
            return end < 0 ? tenant : tenant.substring(0, end);
        }
        return request.getHeader(TenantRequests.TENANT_HEADER);
    }
}
