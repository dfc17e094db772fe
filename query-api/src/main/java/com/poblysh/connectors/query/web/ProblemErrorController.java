package com.poblysh.connectors.query.web;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import com.poblysh.connectors.common.web.ProblemResponses;
import com.poblysh.connectors.common.web.TraceIds;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's {@code /error} page so that what the servlet container routes there (errors raised outside
 * Spring MVC's handlers, e.g. in a filter) is problem+json too, carrying the request's own trace id and never an
 * exception message or stack trace. Requested directly, {@code /error} is an unknown route.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<?> error(HttpServletRequest request, HttpServletResponse response) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // the error dispatch runs after the trace filter finished; its id is still on the response
        String traceId = response.getHeader("X-Trace-Id");
        if (traceId != null) {
            MDC.put(TraceIds.MDC_KEY, traceId);
        }
        try {
            ApiException problem = problem(status instanceof Integer code ? code : 404);
            if (problem.code() == ProblemCode.INTERNAL_SERVER_ERROR) {
                log.error("Unhandled error outside the handlers (trace_id={})", TraceIds.current(),
                        (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            }
            return ProblemResponses.entity(problem);
        } finally {
            if (traceId != null) {
                MDC.remove(TraceIds.MDC_KEY);
            }
        }
    }

    private static ApiException problem(int status) {
        return switch (status) {
            case 400 -> new ApiException(ProblemCode.VALIDATION_FAILED, "the request could not be read");
            case 401 -> ApiException.unauthorized("a valid operator bearer token is required");
            case 403 -> new ApiException(ProblemCode.FORBIDDEN, "forbidden");
            case 404 -> ApiException.notFound("route");
            case 405 -> new ApiException(ProblemCode.METHOD_NOT_ALLOWED, "method not allowed here");
            case 413 -> new ApiException(ProblemCode.PAYLOAD_TOO_LARGE, "request body too large");
            case 415 -> new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type");
            case 503 -> new ApiException(ProblemCode.SERVICE_UNAVAILABLE, "service unavailable");
            default -> status >= 400 && status < 500
                    ? new ApiException(ProblemCode.VALIDATION_FAILED, "the request was refused")
                    : new ApiException(ProblemCode.INTERNAL_SERVER_ERROR,
                            "internal error; quote the trace_id when reporting it");
        };
    }
}
