package com.poblysh.connectors.query.web;

import static com.poblysh.connectors.query.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.util.UUID;

import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Errors outside any handler's own checks are problem+json too: unknown routes and wrong methods of an
 * authenticated caller, and what the container routes to {@code /error}; none carries a stack trace or SQL, and
 * the trace id of the answer is the one in the request's access log line.
 */
@QueryApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponsesIntegrationTests extends RealSchemaTests {

    final UUID tenant = UUID.randomUUID();

    @Test
    void answersAnUnknownRouteWith404Problem() throws Exception {
        JsonNode problem = api.problem(as(tenant, get("/no-such-route")), 404);

        assertThat(problem.get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(problem.get("message").asString()).isEqualTo("route not found");
    }

    @Test
    void answersAWrongMethodWith405ProblemNamingTheAllowedOnes() throws Exception {
        MockHttpServletResponse response = api.perform(as(tenant, put("/connections/" + UUID.randomUUID())));

        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Allow")).contains("GET", "DELETE");
        assertThat(json.readTree(response.getContentAsString()).get("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(api.problem(as(tenant, patch("/jobs")), 405).get("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void answersProblemJsonEvenToAnHtmlAccept() throws Exception {
        api.problem(as(tenant, get("/no-such-route")).accept(MediaType.TEXT_HTML), 404);
    }

    @Test
    void rendersContainerErrorsAsProblemsWithoutDetailsOfTheCause() throws Exception {
        MockHttpServletRequestBuilder error = as(tenant, get("/error"))
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
                .requestAttr(RequestDispatcher.ERROR_EXCEPTION,
                        new IllegalStateException("SELECT access_token_ciphertext FROM connections failed"));

        MockHttpServletResponse response = api.perform(error);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).doesNotContain("SELECT", "IllegalStateException", "at com.");
        assertThat(json.readTree(response.getContentAsString()).get("code").asString())
                .isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(api.problem(as(tenant, get("/error")), 404).get("code").asString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void logsTheProblemsTraceIdOnTheRequestsAccessLine(CapturedOutput output) throws Exception {
        MockHttpServletResponse response = api.perform(as(tenant, get("/connections/not-a-uuid")));
        String traceId = json.readTree(response.getContentAsString()).get("trace_id").asString();

        assertThat(traceId).matches("[0-9a-f]{32}").isEqualTo(response.getHeader("X-Trace-Id"));
        assertThat(output.getOut()).containsPattern("poblysh\\.access .*GET /connections/not-a-uuid status=404 "
                + "duration_ms=\\d+ trace_id=" + traceId);
    }
}
