package com.poblysh.connectors.ingest.webhook;

import java.util.Locale;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts webhook requests as {@code poblysh.ingest.webhooks{provider, outcome}}. Outcomes are {@code accepted},
 * {@code handshake} (acknowledged, nothing published), {@code rejected_item} (one item of a batch refused by its own
 * authentication, the rest accepted) or the lower-cased problem code of a rejection; an unknown
 * provider is tagged {@code unknown} so a caller cannot grow the tag space.
 */
@Component
class WebhookMetrics {

    static final String NAME = "poblysh.ingest.webhooks";
    static final String UNKNOWN_PROVIDER = "unknown";

    private final MeterRegistry registry;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param provider null when the path named no provider with webhooks */
    void accepted(Provider provider) {
        counter(provider, "accepted").increment();
    }

    void handshake(Provider provider) {
        counter(provider, "handshake").increment();
    }

    void rejectedItems(Provider provider, int count) {
        counter(provider, "rejected_item").increment(count);
    }

    void rejected(Provider provider, ProblemCode code) {
        counter(provider, code.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Counter counter(Provider provider, String outcome) {
        return Counter.builder(NAME).description("Webhook requests by provider and outcome")
                .tag("provider", provider == null ? UNKNOWN_PROVIDER : provider.id()).tag("outcome", outcome).register(registry);
    }
}
