package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import com.poblysh.connectors.testkit.MicrosoftGraphWebhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The deprecated {@code POBLYSH_GRAPH_CLIENT_STATE} still configures the Graph clientState when the new name is
 * unset; the service says so once, when it starts, not per request.
 */
@WebhookSliceTest
@TestPropertySource(properties = {"POBLYSH_GRAPH_CLIENT_STATE=state-under-the-old-name",
        "POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS=true"})
@ExtendWith(OutputCaptureExtension.class)
class MicrosoftGraphDeprecatedClientStateVariableTests {

    static final String WARNING = "POBLYSH_GRAPH_CLIENT_STATE is deprecated";

    @Autowired
    MockMvc mvc;

    @Test
    void acceptsNotificationsCarryingItHavingWarnedAtStartupOnly(CapturedOutput output) throws Exception {
        int warnedAtStartup = occurrences(output.getAll());

        mvc.perform(notification("state-under-the-old-name")).andExpect(status().isAccepted());
        mvc.perform(notification("state-under-the-old-name")).andExpect(status().isAccepted());

        assertThat(warnedAtStartup).isPositive();
        assertThat(occurrences(output.getAll())).isEqualTo(warnedAtStartup);
        assertThat(output.getAll()).contains("set POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE instead");
    }

    static MockHttpServletRequestBuilder notification(String clientState) {
        return post("/webhooks/microsoft_graph/{tenant}", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .content(MicrosoftGraphWebhooks.notifications(clientState));
    }

    private static int occurrences(String text) {
        return text.split(WARNING, -1).length - 1;
    }
}
