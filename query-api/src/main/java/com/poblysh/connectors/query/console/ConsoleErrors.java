package com.poblysh.connectors.query.console;

import java.util.Map;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.TraceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the console's pages as HTML pages with the contract's status (404 for what the operator may not see,
 * 403 for what their role may not do, 400 for bad filters), not the API's problem+json. Ordered before the API's
 * {@code ProblemAdvice}, and only for the console's controllers.
 */
@ControllerAdvice(assignableTypes = {ProviderConnectionsController.class, LoginController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e) {
        return page(e.code().status(), e.getMessage(), e.details());
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e) {
        log.error("Unhandled console error (trace_id={})", TraceIds.current(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error; quote the trace id when reporting it.", Map.of());
    }

    static ModelAndView page(HttpStatus status, String message, Map<String, Object> details) {
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("status", status.value());
        page.addObject("reason", status.getReasonPhrase());
        page.addObject("message", message);
        page.addObject("details", details);
        page.addObject("traceId", TraceIds.current());
        return page;
    }
}
