package com.poblysh.connectors.query.auth;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.poblysh.connectors.query.QueryApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The filter's route table on the full application: what is open, and that everything else is closed. */
@QueryApiIntegrationTest
class PublicRoutesIntegrationTests {

    @Autowired
    MockMvc mvc;

    @ParameterizedTest
    @ValueSource(strings = {"/healthz", "/readyz", "/v3/api-docs", "/actuator/health", "/actuator/health/readiness",
            "/actuator/prometheus"})
    void answersPublicRoutesWithoutCredentials(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isOk());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/signals", "/actuator/env", "/actuator/info", "/connections", "/unknown"})
    void closesEverythingElse(String path) throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
    }

    @Test
    void answersUnknownRoutesWith404OnceAuthenticated() throws Exception {
        mvc.perform(get("/unknown").header("Authorization", "Bearer " + QueryApiIntegrationTest.TOKEN)
                        .header("X-Tenant-Id", "3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }
}
