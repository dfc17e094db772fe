package com.poblysh.connectors.query.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.web.CommonWebAutoConfiguration;
import com.poblysh.connectors.query.console.ConsoleSecurity;
import com.poblysh.connectors.query.QueryProperties;
import com.poblysh.connectors.query.pagination.Pager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Auth and parameter rules of {@code /signals}; an invalid request never reaches the repository. */
@WebMvcTest(controllers = SignalsController.class, properties = {
        "spring.config.name=poblysh-common,query-api", "poblysh.auth.operator-tokens=" + SignalsRequestValidationTests.TOKEN})
@ActiveProfiles("test")
@ImportAutoConfiguration(CommonWebAutoConfiguration.class)
@Import({Pager.class, ConsoleSecurity.class})
@EnableConfigurationProperties(QueryProperties.class) // @ConfigurationPropertiesScan does not reach slices
class SignalsRequestValidationTests {

    static final String TOKEN = "slice-token";
    private static final String TENANT = "3f0c1d2e-5b6a-4c7d-8e9f-0a1b2c3d4e5f";

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @MockitoBean
    SignalRepository repository;

    @Test
    void returns401ProblemWhenTheTokenIsMissing() throws Exception {
        MvcResult result = mvc.perform(get("/signals").header("X-Tenant-Id", TENANT))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"))
                .andExpect(jsonPath("$.status").value(401))
                .andReturn();
        assertThat(json.readTree(result.getResponse().getContentAsString()).get("trace_id").asString())
                .isEqualTo(result.getResponse().getHeader("X-Trace-Id"));
        verifyNoInteractions(repository);
    }

    @Test
    void returns401WhenTheTokenIsWrong() throws Exception {
        mvc.perform(get("/signals").header("Authorization", "Bearer not-the-token").header("X-Tenant-Id", TENANT))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHORIZED"));
        mvc.perform(get("/signals").header("Authorization", TOKEN).header("X-Tenant-Id", TENANT))
                .andExpect(status().isUnauthorized());
        verifyNoInteractions(repository);
    }

    @Test
    void checksTheTokenBeforeTheTenantHeader() throws Exception {
        mvc.perform(get("/signals")).andExpect(status().isUnauthorized());
        mvc.perform(get("/signals/" + UUID.randomUUID()).header("X-Tenant-Id", "nope"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void protectsUnknownPathsToo() throws Exception {
        mvc.perform(get("/no-such-endpoint")).andExpect(status().isUnauthorized());
    }

    @Test
    void returns400WhenTheTenantHeaderIsMissing() throws Exception {
        mvc.perform(get("/signals").header("Authorization", "Bearer " + TOKEN))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.message").value("missing tenant header"))
                .andExpect(jsonPath("$.details['X-Tenant-Id']").value("missing tenant header"))
                .andExpect(jsonPath("$.trace_id").isNotEmpty());
        verifyNoInteractions(repository);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "3f0c1d2e5b6a4c7d8e9f0a1b2c3d4e5f"})
    void returns400WhenTheTenantHeaderIsNotAUuid(String tenant) throws Exception {
        mvc.perform(get("/signals").header("Authorization", "Bearer " + TOKEN).header("X-Tenant-Id", tenant))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.details['X-Tenant-Id']").exists());
        verifyNoInteractions(repository);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-1", "", "1e2"})
    void rejectsALimitOutsideOneToHundred(String limit) throws Exception {
        expectInvalid(authorized("/signals").param("limit", limit), "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "100"})
    void acceptsTheLimitBounds(String limit) throws Exception {
        mvc.perform(authorized("/signals").param("limit", limit)).andExpect(status().isOk());
        verify(repository).find(any(), argThat(page -> page.limit() == Integer.parseInt(limit)), eq(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "2024-05-01T12:00:00", "yesterday", "2024-02-30T00:00:00Z"})
    void rejectsATimeThatIsNotRfc3339WithOffset(String time) throws Exception {
        expectInvalid(authorized("/signals").param("occurred_after", time), "occurred_after");
        expectInvalid(authorized("/signals").param("occurred_before", time), "occurred_before");
    }

    @Test
    void rejectsAnUnknownProvider() throws Exception {
        expectInvalid(authorized("/signals").param("provider", "gitlab"), "provider")
                .andExpect(jsonPath("$.details.provider").value("unknown provider 'gitlab'"));
        expectInvalid(authorized("/signals").param("provider", "GitHub"), "provider");
    }

    @ParameterizedTest(name = "rejects {0}: {1}={2}")
    @CsvSource(delimiter = '|', textBlock = """
            a kind outside the registry       | kind            | pr_exploded
            a connection id that is no UUID   | connection_id   | 42
            an include_payload that is no bool | include_payload | yes
            """)
    void rejectsAValueItsParameterDoesNotTake(String what, String parameter, String value) throws Exception {
        expectInvalid(authorized("/signals").param(parameter, value), parameter);
    }

    @Test
    void rejectsOccurredAfterLaterThanOccurredBefore() throws Exception {
        expectInvalid(authorized("/signals").param("occurred_after", "2024-05-02T00:00:00Z")
                .param("occurred_before", "2024-05-01T23:59:59Z"), "occurred_after");
    }

    @Test
    void acceptsEqualBoundsAndOffsetsThatNameTheSameInstant() throws Exception {
        mvc.perform(authorized("/signals").param("occurred_after", "2024-05-01T14:00:00+02:00")
                .param("occurred_before", "2024-05-01T12:00:00Z")).andExpect(status().isOk());
    }

    @Test
    void rejectsUnknownAndRepeatedParameters() throws Exception {
        expectInvalid(authorized("/signals").param("provder", "github"), "provder");
        expectInvalid(authorized("/signals").param("limit", "5", "6"), "limit");
    }

    @Test
    void reportsEveryInvalidParameterAtOnce() throws Exception {
        expectInvalid(authorized("/signals").param("limit", "0").param("kind", "nope").param("provider", "x"),
                "limit")
                .andExpect(jsonPath("$.details.kind").exists())
                .andExpect(jsonPath("$.details.provider").exists())
                .andExpect(jsonPath("$.message").value("3 parameters are invalid; see details"));
    }

    @Test
    void rejectsATamperedCursor() throws Exception {
        String cursor = nextCursor();
        int middle = cursor.length() / 2;
        String tampered = cursor.substring(0, middle) + (cursor.charAt(middle) == 'A' ? 'B' : 'A')
                + cursor.substring(middle + 1);

        expectInvalid(authorized("/signals").param("cursor", tampered), "cursor")
                .andExpect(jsonPath("$.details.cursor").value("cursor signature is invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage!", "bnVsbA", "null"})
    void rejectsAMalformedCursor(String cursor) throws Exception {
        expectInvalid(authorized("/signals").param("cursor", cursor), "cursor");
    }

    @Test
    void rejectsAnOversizedCursor() throws Exception {
        expectInvalid(authorized("/signals").param("cursor", "A".repeat(513)), "cursor")
                .andExpect(jsonPath("$.details.cursor").value("cursor is too long"));
    }

    @Test
    void rejectsACursorIssuedForOtherFilters() throws Exception {
        expectInvalid(authorized("/signals").param("cursor", nextCursor()).param("kind", "pr_merged"), "cursor");
    }

    @Test
    void answers404ForAnIdThatIsNotAUuid() throws Exception {
        mvc.perform(authorized("/signals/not-a-uuid"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
        verifyNoInteractions(repository);
    }

    /** A real cursor for the unfiltered list: the first page of limit 1 over two stubbed rows. */
    private String nextCursor() throws Exception {
        List<SignalView> rows = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            rows.add(new SignalView(UUID.randomUUID(), "github", null, "pr_merged",
                    Instant.parse("2024-05-01T12:00:00Z").minusSeconds(i), Instant.parse("2024-05-01T12:00:01Z"),
                    null, null, null, null));
        }
        when(repository.find(any(), any(), anyBoolean())).thenReturn(rows);
        MvcResult result = mvc.perform(authorized("/signals").param("limit", "1")).andExpect(status().isOk()).andReturn();
        String cursor = json.readTree(result.getResponse().getContentAsString()).get("next_cursor").asString();
        assertThat(cursor).isNotBlank();
        org.mockito.Mockito.clearInvocations(repository);
        return cursor;
    }

    private ResultActions expectInvalid(MockHttpServletRequestBuilder request, String field) throws Exception {
        ResultActions result = mvc.perform(request)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.details." + field).isNotEmpty())
                .andExpect(jsonPath("$.trace_id").isNotEmpty());
        verifyNoInteractions(repository);
        return result;
    }

    private static MockHttpServletRequestBuilder authorized(String path) {
        return get(path).header("Authorization", "Bearer " + TOKEN).header("X-Tenant-Id", TENANT);
    }
}
