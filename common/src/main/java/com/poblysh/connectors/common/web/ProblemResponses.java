package com.poblysh.connectors.common.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** Renders an {@link ApiException} as problem+json, for controllers and for filters alike. */
public final class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** The response entity for {@code e}, with {@code Retry-After} when the problem carries one. */
    public static ResponseEntity<ProblemBody> entity(ApiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.code().status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryAfterSeconds() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return builder.body(ProblemBody.of(e, TraceIds.current()));
    }

    /** Writes {@code e} straight to a servlet response, for filters that run before the dispatcher. */
    public void write(HttpServletResponse response, ApiException e) throws IOException {
        response.setStatus(e.code().status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (e.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        if (e.code() == ProblemCode.UNAUTHORIZED) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        json.writeValue(response.getOutputStream(), ProblemBody.of(e, TraceIds.current()));
    }
}
