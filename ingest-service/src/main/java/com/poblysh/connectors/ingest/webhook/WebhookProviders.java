package com.poblysh.connectors.ingest.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/** The registered {@link WebhookProvider} beans by provider id; two beans for one provider fail start-up. */
@Component
class WebhookProviders {

    private final Map<String, WebhookProvider> byId;

    WebhookProviders(List<WebhookProvider> providers) {
        this.byId = providers.stream().collect(Collectors.toUnmodifiableMap(p -> p.provider().id(),
                Function.identity(), (a, b) -> {
                    throw new IllegalStateException("Two webhook providers for " + a.provider().id() + ": "
                            + a.getClass().getName() + " and " + b.getClass().getName());
                }));
    }

    /** The provider for a {@code {provider}} path segment; empty for unknown ids and providers without webhooks. */
    Optional<WebhookProvider> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
