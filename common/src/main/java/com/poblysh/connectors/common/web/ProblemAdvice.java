package com.poblysh.connectors.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one mapping from exceptions to problem+json. Client mistakes get their contract code and the field at
 * fault; anything unexpected is logged with its stack trace and answered 500 with only the trace id.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemBody> api(ApiException e) {
        return ProblemResponses.entity(e);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ProblemResponses.entity(ApiException.validation(e.getName(), "invalid value for " + e.getName()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemBody> missingParameter(MissingServletRequestParameterException e) {
        return ProblemResponses.entity(ApiException.validation(e.getParameterName(), "is required"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemBody> missingHeader(MissingRequestHeaderException e) {
        return ProblemResponses.entity(ApiException.validation(e.getHeaderName(), "header is required"));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemBody> methodValidation(HandlerMethodValidationException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        e.getParameterValidationResults().forEach(r -> details.put(r.getMethodParameter().getParameterName(),
                r.getResolvableErrors().isEmpty() ? "invalid" : r.getResolvableErrors().get(0).getDefaultMessage()));
        return ProblemResponses.entity(new ApiException(ProblemCode.VALIDATION_FAILED, "request validation failed",
                details, null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemBody> unreadable(HttpMessageNotReadableException e) {
        return ProblemResponses.entity(ApiException.validation("body", "request body is not valid JSON"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return ProblemResponses.entity(new ApiException(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                "content type " + e.getContentType() + " is not supported; send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ProblemResponses.entity(new ApiException(ProblemCode.NOT_ACCEPTABLE, "only application/json is served"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemBody> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).headers(h -> {
                    if (e.getSupportedHttpMethods() != null) {
                        h.setAllow(e.getSupportedHttpMethods());
                    }
                }).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemBody.of(new ApiException(ProblemCode.METHOD_NOT_ALLOWED,
                        e.getMethod() + " is not supported here"), TraceIds.current()));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ProblemBody> noRoute(Exception e) {
        return ProblemResponses.entity(ApiException.notFound("route"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemBody> unexpected(Exception e) {
        log.error("Unhandled error (trace_id={})", TraceIds.current(), e);
        return ProblemResponses.entity(new ApiException(ProblemCode.INTERNAL_SERVER_ERROR,
                "internal error; quote the trace_id when reporting it"));
    }
}
