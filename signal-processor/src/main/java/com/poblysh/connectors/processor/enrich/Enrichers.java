package com.poblysh.connectors.processor.enrich;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Every registered {@link Enricher}, by provider; providers without one are normalized as they came. */
@Component
public class Enrichers {

    private final Map<Provider, Enricher> byProvider = new EnumMap<>(Provider.class);

    public Enrichers(List<Enricher> enrichers) {
        for (Enricher enricher : enrichers) {
            if (byProvider.putIfAbsent(enricher.provider(), enricher) != null) {
                throw new IllegalStateException("Two enrichers for " + enricher.provider());
            }
        }
    }

    /** {@code payload} completed by the provider's enricher, or unchanged when it has none. */
    public JsonNode enrich(Provider provider, RawEvent event, JsonNode payload) {
        Enricher enricher = byProvider.get(provider);
        return enricher == null ? payload : enricher.enrich(event, payload);
    }
}
