package com.poblysh.connectors.query.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.provider.ProviderCatalogue;
import com.poblysh.connectors.common.provider.SignalKind;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /providers}: public, the whole catalogue sorted by name, in the contract's shape. */
@QueryApiIntegrationTest
class ProvidersIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @Test
    void listsEveryProviderSortedByNameWithoutCredentials() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/providers")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=300, public");
        JsonNode providers = json.readTree(response.getContentAsString()).get("providers");
        List<String> names = new ArrayList<>();
        providers.forEach(p -> names.add(p.get("name").asString()));
        assertThat(names).containsExactly("github", "jira", "microsoft_graph", "slack");
        for (JsonNode provider : providers) {
            assertThat(json.convertValue(provider, Map.class)).containsOnlyKeys("name", "auth_type", "scopes",
                    "webhooks", "polling", "signal_kinds");
            assertThat(provider.get("auth_type").asString()).isEqualTo("oauth2");
            assertThat(provider.get("scopes")).isNotEmpty();
            provider.get("signal_kinds").forEach(kind ->
                    assertThat(SignalKind.fromWireName(kind.asString())).as(kind.asString()).isPresent());
        }
    }

    @Test
    void describesGitHubAndSlackCapabilities() throws Exception {
        JsonNode providers = json.readTree(mvc.perform(get("/providers")).andReturn().getResponse()
                .getContentAsString()).get("providers");

        JsonNode github = providers.get(0);
        assertThat(github.get("webhooks").asBoolean()).isTrue();
        // No provider is polled yet; the answer must say what the service really does, as the catalogue does.
        assertThat(github.get("polling").asBoolean()).isEqualTo(ProviderCatalogue.of(Provider.GITHUB).polling());
        assertThat(github.get("signal_kinds").toString()).contains("\"pr_merged\"", "\"code_pushed\"");
        JsonNode slack = providers.get(3);
        assertThat(slack.get("polling").asBoolean()).isEqualTo(ProviderCatalogue.of(Provider.SLACK).polling());
        assertThat(slack.get("signal_kinds").toString()).contains("\"message_posted\"");
    }
}
