package com.poblysh.connectors.common.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code application/problem+json} body of every error: the contract's {@code code}, {@code message},
 * {@code details}, {@code retry_after} and {@code trace_id}, plus RFC 9457's {@code type}, {@code title} and
 * {@code status}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "code", "message", "details", "retry_after", "trace_id"})
public record ProblemBody(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("code") String code,
        @JsonProperty("message") String message,
        @JsonProperty("details") Map<String, Object> details,
        @JsonProperty("retry_after") Long retryAfter,
        @JsonProperty("trace_id") String traceId) {

    /** Builds the body for {@code e} in the current request's trace. */
    public static ProblemBody of(ApiException e, String traceId) {
        ProblemCode code = e.code();
        return new ProblemBody("https://docs.poblysh.com/problems/" + code.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'), code.status().getReasonPhrase(), code.status().value(), code.name(),
                e.getMessage(), e.details(), e.retryAfterSeconds(), traceId);
    }
}
