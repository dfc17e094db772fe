package com.poblysh.connectors.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to the API of the shared integration-test context ({@link QueryApiIntegrationTest} provides the bean):
 * each expected answer is asserted with the body as the failure message, then read as JSON.
 */
public final class ApiCalls {

    /** A list still handing out cursors after this many pages is looping, not long. */
    private static final int MAX_PAGES = 100;

    private final MockMvc mvc;
    private final JsonMapper json;

    ApiCalls(MockMvc mvc, JsonMapper json) {
        this.mvc = mvc;
        this.json = json;
    }

    /** The answer to {@code request}, whatever it is. */
    public MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    /** The JSON of a 200 answer. */
    public JsonNode ok(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = perform(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/json");
        return json.readTree(response.getContentAsString());
    }

    /** The problem+json body of an answer with {@code status}, whose trace id is the one in the header. */
    public JsonNode problem(MockHttpServletRequestBuilder request, int status) throws Exception {
        MockHttpServletResponse response = perform(request);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(problem.get("trace_id").asString()).isEqualTo(response.getHeader("X-Trace-Id"));
        return problem;
    }

    /**
     * Every page of a keyset-paginated list, first to last, following {@code next_cursor} (present on every page,
     * null on the last); {@code page} builds each request afresh (limit, filters) and the cursor is added to it.
     */
    public List<JsonNode> walk(Supplier<MockHttpServletRequestBuilder> page) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            MockHttpServletRequestBuilder request = page.get();
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            JsonNode body = ok(request);
            assertThat(body.has("next_cursor")).isTrue();
            pages.add(body);
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asString();
        } while (cursor != null && pages.size() < MAX_PAGES);
        return pages;
    }

    /** The ids of the rows in {@code items} (e.g. {@code "jobs"}) of every page, in order. */
    public static List<UUID> ids(String items, List<JsonNode> pages) {
        List<UUID> ids = new ArrayList<>();
        pages.forEach(page -> page.get(items).forEach(row -> ids.add(UUID.fromString(row.get("id").asString()))));
        return ids;
    }

    /** The ids of the rows in {@code items} of one page, in order. */
    public static List<UUID> ids(String items, JsonNode page) {
        return ids(items, List.of(page));
    }
}
