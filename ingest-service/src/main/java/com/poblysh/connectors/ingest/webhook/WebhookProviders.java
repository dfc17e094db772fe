package com.poblysh.connectors.ingest.webhook;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;

/** The registered {@link WebhookProvider} beans by provider; two beans for one provider fail start-up. */
@Component
class WebhookProviders {

    private final Map<Provider, WebhookProvider> byProvider = new EnumMap<>(Provider.class);

    WebhookProviders(List<WebhookProvider> providers) {
        for (WebhookProvider provider : providers) {
            WebhookProvider previous = byProvider.putIfAbsent(provider.provider(), provider);
            if (previous != null) {
                throw new IllegalStateException("Two webhook providers for " + provider.provider().id() + ": "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
    }

    /** The provider for a {@code {provider}} path segment; empty for unknown ids and providers without webhooks. */
    Optional<WebhookProvider> find(String id) {
        return Provider.fromId(id).map(byProvider::get);
    }
}
