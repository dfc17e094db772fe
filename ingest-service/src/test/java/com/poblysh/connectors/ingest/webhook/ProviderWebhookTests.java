package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.ingest.webhook.WebhookRequests.expectRefusal;

import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A provider's webhook slice tests: each subclass lists its bad inputs in a static {@code refusals()} table of
 * {@link WebhookRequests#refusal} rows, and every row must get its status and problem code and publish nothing.
 */
abstract class ProviderWebhookTests extends WebhookSlices {

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesBadInputWithTheRightProblemAndPublishesNothing(Supplier<MockHttpServletRequestBuilder> request,
            int status, String code, String detail) throws Exception {
        expectRefusal(mvc, publisher, request, status, code, detail);
    }
}
