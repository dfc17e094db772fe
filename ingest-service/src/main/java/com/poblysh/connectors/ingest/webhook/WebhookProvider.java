package com.poblysh.connectors.ingest.webhook;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/**
 * One provider's webhook scheme, the extension point of {@code POST /webhooks/{provider}/{tenant_id}}. A provider
 * is added with one new package ({@code ingest.webhook.<provider>}) holding a Spring bean of this type; the
 * endpoint finds it by {@link #provider()}.
 */
public interface WebhookProvider {

    /** The provider whose id is the {@code {provider}} path segment. */
    Provider provider();

    /** Checks the delivery's signature on the raw bytes. */
    WebhookVerifier verifier();

    /**
     * Reads the event name and delivery id of a verified delivery whose body is valid JSON.
     *
     * @throws com.poblysh.connectors.common.web.ApiException 400 {@code VALIDATION_FAILED} naming the missing or
     *                                                        malformed header or field
     */
    WebhookDelivery describe(HttpHeaders headers, JsonNode body);

    /**
     * Whether {@link #describe} reads the body. A provider that names its event and delivery in headers (GitHub)
     * answers false: its body is then only checked to be one JSON document, without building the tree (a fifth of
     * a webhook's CPU at 5 KB bodies), and {@code describe} gets a missing node.
     */
    default boolean readsBody() {
        return true;
    }

    /**
     * Provider headers kept on the raw event, spelled as they should be stored (e.g. {@code X-GitHub-Event}).
     * Everything else is dropped, signatures first among them; {@code Content-Type} and {@code User-Agent} are
     * kept for every provider.
     */
    List<String> keptHeaders();
}
