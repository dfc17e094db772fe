package com.poblysh.connectors.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The service takes its Graph fallback clientState from {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE} (opted in,
 * for subscriptions of the tenant's connections), without a warning.
 */
@WebhookSliceTest
@TestPropertySource(properties = {"POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE=state-under-the-new-name",
        "POBLYSH_INGEST_ALLOW_FALLBACK_SECRETS=true"})
@ExtendWith(OutputCaptureExtension.class)
class MicrosoftGraphClientStateVariableTests {

    @Autowired
    MockMvc mvc;

    @Test
    void acceptsNotificationsCarryingItAndWarnsAboutNothing(CapturedOutput output) throws Exception {
        mvc.perform(MicrosoftGraphDeprecatedClientStateVariableTests.notification("state-under-the-new-name"))
                .andExpect(status().isAccepted());
        mvc.perform(MicrosoftGraphDeprecatedClientStateVariableTests.notification("state-under-the-old-name"))
                .andExpect(status().isUnauthorized());

        assertThat(output.getAll()).doesNotContain(MicrosoftGraphDeprecatedClientStateVariableTests.WARNING);
    }
}
