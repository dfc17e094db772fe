package com.poblysh.connectors.common.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request that ends in a problem+json answer with one of the contract's codes. Thrown anywhere in a request;
 * {@link ProblemAdvice} (controllers) and {@link ProblemResponses} (filters) render it.
 */
public class ApiException extends RuntimeException {

    private final ProblemCode code;
    private final transient Map<String, Object> details;
    private final Long retryAfterSeconds;

    public ApiException(ProblemCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public ApiException(ProblemCode code, String message, Map<String, ?> details, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.details = details == null || details.isEmpty() ? Map.of() : new LinkedHashMap<>(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 {@code VALIDATION_FAILED} with {@code details.<field> = reason}. */
    public static ApiException validation(String field, String reason) {
        return new ApiException(ProblemCode.VALIDATION_FAILED, reason, Map.of(field, reason), null);
    }

    /** 404 {@code NOT_FOUND}; also the answer for another tenant's resource (deny-as-not-found). */
    public static ApiException notFound(String what) {
        return new ApiException(ProblemCode.NOT_FOUND, what + " not found");
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ProblemCode.UNAUTHORIZED, message);
    }

    public ProblemCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
