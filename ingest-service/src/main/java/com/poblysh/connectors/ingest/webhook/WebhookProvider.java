package com.poblysh.connectors.ingest.webhook;

import java.util.List;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * One provider's webhook scheme, the extension point of {@code POST /webhooks/{provider}/{tenant_id}}. A provider
 * is added with one new package ({@code ingest.webhook.<provider>}) holding a Spring bean of this type (and its own
 * {@code @ConfigurationProperties}); the endpoint finds it by {@link #provider()}.
 *
 * <p>The endpoint calls, in order: {@link #preflight} (before the body is read), {@link #verifier()} on the raw
 * bytes, then, for a JSON body that parsed, {@link #receive}; it binds each delivery to a connection of the tenant
 * by the identities the delivery names ({@link ConnectionBinder}), publishes the deliveries and answers only once
 * Kafka acknowledged them.
 */
public interface WebhookProvider {

    /** The provider whose id is the {@code {provider}} path segment. */
    Provider provider();

    /**
     * Answers a handshake that carries no credentials and no body, before anything else is read (Microsoft Graph's
     * {@code ?validationToken=}); empty for a normal request.
     *
     * @param query the query parameters, decoded (never parameters of a form body)
     */
    default Optional<WebhookReply> preflight(HttpHeaders headers, MultiValueMap<String, String> query) {
        return Optional.empty();
    }

    /** Checks the request's credentials on the raw bytes. */
    WebhookVerifier verifier();

    /**
     * Reads the events of an authenticated request: event names, delivery ids (dedupe keys), per-item payloads and
     * authentication where the scheme has one per item; handles what is not an event (handshakes, lifecycle
     * notices). Must be idempotent: a provider retry repeats it.
     *
     * @throws com.poblysh.connectors.common.web.ApiException 400 {@code VALIDATION_FAILED} naming the missing or
     *                                                        malformed header or field; 401 when per-item
     *                                                        authentication admits nothing
     */
    WebhookReception receive(WebhookRequest request);

    /**
     * Whether the provider's app posts the deliveries of every account that installed it to one URL, which then is
     * {@code POST /webhooks/{provider}} without a tenant: verified with the app's credential only, each delivery goes
     * to every tenant whose connection is bound to the identities it names (Slack: one request URL per app).
     */
    default boolean hasAppUrl() {
        return false;
    }

    /**
     * Whether {@link #receive} reads the parsed body. A provider that names its event and delivery in headers (GitHub)
     * answers false: its body is then only checked to be one JSON document, without building the tree (a fifth of
     * a webhook's CPU at 5 KB bodies), and {@link WebhookRequest} carries a missing node.
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
