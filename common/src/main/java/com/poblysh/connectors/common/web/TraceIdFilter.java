package com.poblysh.connectors.common.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a trace id (MDC, {@code X-Trace-Id} response header, problem bodies) and writes one access
 * log line per request with the same id, so a {@code trace_id} from an error answer finds its log lines.
 */
class TraceIdFilter extends OncePerRequestFilter {

    private static final Logger ACCESS = LoggerFactory.getLogger("poblysh.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = TraceIds.fromTraceparent(request.getHeader("traceparent"));
        MDC.put(TraceIds.MDC_KEY, traceId);
        response.setHeader("X-Trace-Id", traceId);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            ACCESS.info("{} {} status={} duration_ms={} trace_id={}", request.getMethod(), request.getRequestURI(),
                    response.getStatus(), (System.nanoTime() - start) / 1_000_000, traceId);
            MDC.remove(TraceIds.MDC_KEY);
        }
    }
}
