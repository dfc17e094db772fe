package com.poblysh.connectors.ingest.webhook;

import static com.poblysh.connectors.testkit.GitHubWebhooks.SECRET;
import static com.poblysh.connectors.testkit.GitHubWebhooks.fixture;
import static com.poblysh.connectors.testkit.GitHubWebhooks.signature;
import static com.poblysh.connectors.testkit.TestBodies.jsonOfSize;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.ONE_MIB;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.notUtf8;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.refusal;
import static com.poblysh.connectors.ingest.webhook.WebhookRequests.utf8;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.node.ObjectNode;

/** GitHub's bad-input table, in the same form as the other providers' (more cases in WebhookControllerTests). */
@WebhookSliceTest
@WithProviderSecrets
class GitHubWebhookTests extends ProviderWebhookTests {

    private static final byte[] BODY = fixture("pull_request-opened").bodyBytes();

    static Stream<Arguments> refusals() {
        byte[] other = fixture("ping").bodyBytes();
        return Stream.of(
                refusal("no signature", () -> base(BODY), 401, "INVALID_SIGNATURE"),
                refusal("garbled signature", () -> base(BODY).header("X-Hub-Signature-256", "sha256=garbled"), 401,
                        "INVALID_SIGNATURE"),
                refusal("signature made with another secret", () -> base(BODY).header("X-Hub-Signature-256",
                        signature("guessed", BODY)), 401, "INVALID_SIGNATURE"),
                refusal("signature replayed onto another body", () -> base(other).header("X-Hub-Signature-256",
                        signature(SECRET, BODY)), 401, "INVALID_SIGNATURE"),
                refusal("correctly signed, of a repository no connection of the tenant covers",
                        () -> signed(ofRepository(999_999_999L)), 401, "INVALID_SIGNATURE"),
                refusal("correctly signed, naming no repository, organization or installation",
                        () -> signed(utf8("{\"action\":\"created\",\"sender\":{\"id\":1}}")), 401,
                        "INVALID_SIGNATURE"),
                refusal("oversized body", () -> signed(jsonOfSize(ONE_MIB + 1)), 413, "PAYLOAD_TOO_LARGE"),
                refusal("sent as a form", () -> signed(BODY).contentType(MediaType.APPLICATION_FORM_URLENCODED), 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                refusal("not JSON", () -> signed(utf8("payload=%7B%7D")), 400, "VALIDATION_FAILED", "body"),
                refusal("invalid UTF-8 inside a valid event", () -> signed(notUtf8(BODY, "Update the README")), 400,
                        "VALIDATION_FAILED", "body"),
                refusal("no delivery id", () -> signed(BODY, ""), 400, "VALIDATION_FAILED", "X-GitHub-Delivery"),
                refusal("delivery id that is not a GUID", () -> signed(BODY, "a b/c"), 400, "VALIDATION_FAILED",
                        "X-GitHub-Delivery"));
    }

    private static byte[] ofRepository(long id) {
        return fixture("pull_request-opened").withBody(b -> {
            ((ObjectNode) b.get("repository")).put("id", id);
            return b;
        }).bodyBytes();
    }

    private static MockHttpServletRequestBuilder base(byte[] body) {
        return base(body, UUID.randomUUID().toString());
    }

    private static MockHttpServletRequestBuilder base(byte[] body, String delivery) {
        return post("/webhooks/github/{tenant}", UUID.randomUUID()).contentType(MediaType.APPLICATION_JSON)
                .content(body).header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", delivery);
    }

    private static MockHttpServletRequestBuilder signed(byte[] body) {
        return signed(body, UUID.randomUUID().toString());
    }

    private static MockHttpServletRequestBuilder signed(byte[] body, String delivery) {
        return base(body, delivery).header("X-Hub-Signature-256", signature(SECRET, body));
    }
}
