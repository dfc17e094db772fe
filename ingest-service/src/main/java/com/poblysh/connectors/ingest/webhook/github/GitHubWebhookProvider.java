package com.poblysh.connectors.ingest.webhook.github;

import static com.poblysh.connectors.ingest.webhook.WebhookInputs.requiredHeader;

import java.util.List;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.ingest.webhook.WebhookDelivery;
import com.poblysh.connectors.ingest.webhook.WebhookProvider;
import com.poblysh.connectors.ingest.webhook.WebhookReception;
import com.poblysh.connectors.ingest.webhook.WebhookRequest;
import com.poblysh.connectors.ingest.webhook.WebhookVerifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * GitHub webhooks: HMAC-signed bodies, the event name in {@code X-GitHub-Event} and the delivery GUID (the dedupe
 * key) in {@code X-GitHub-Delivery}. A delivery names its repository, organization and installation
 * ({@link GitHubIdentities}); {@code ping}, sent when a hook is created, is a handshake.
 */
@Component
@EnableConfigurationProperties(GitHubProperties.class)
class GitHubWebhookProvider implements WebhookProvider {

    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    static final String HOOK_ID_HEADER = "X-GitHub-Hook-ID";
    static final String PING = "ping";

    // GitHub event names are snake_case words; delivery ids are GUIDs.
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final GitHubSignatureVerifier verifier;
    private final JsonMapper json;

    GitHubWebhookProvider(GitHubProperties properties, JsonMapper json) {
        this.verifier = new GitHubSignatureVerifier(properties.webhookSecret());
        this.json = json;
    }

    @Override
    public Provider provider() {
        return Provider.GITHUB;
    }

    @Override
    public WebhookVerifier verifier() {
        return verifier;
    }

    @Override
    public WebhookReception receive(WebhookRequest request) {
        String event = requiredHeader(request.headers(), EVENT_HEADER, EVENT_NAME);
        String delivery = requiredHeader(request.headers(), DELIVERY_HEADER, DELIVERY_ID);
        if (PING.equals(event)) {
            return WebhookReception.of(WebhookDelivery.handshake(event, delivery));
        }
        return WebhookReception.of(WebhookDelivery.event(event, delivery)
                .naming(GitHubIdentities.of(json, request.rawBody())));
    }

    @Override
    public boolean readsBody() {
        return false; // event name and delivery id are headers; identities are streamed from the raw body
    }

    @Override
    public List<String> keptHeaders() {
        return List.of(EVENT_HEADER, DELIVERY_HEADER, HOOK_ID_HEADER);
    }
}
