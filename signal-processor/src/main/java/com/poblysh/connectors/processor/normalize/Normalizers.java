package com.poblysh.connectors.processor.normalize;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.stereotype.Component;

/** Every registered {@link Normalizer}, by provider; two for one provider is a wiring mistake refused at startup. */
@Component
public class Normalizers {

    private final Map<Provider, Normalizer> byProvider = new EnumMap<>(Provider.class);

    public Normalizers(List<Normalizer> normalizers) {
        for (Normalizer normalizer : normalizers) {
            Normalizer previous = byProvider.putIfAbsent(normalizer.provider(), normalizer);
            if (previous != null) {
                throw new IllegalStateException("Two normalizers for " + normalizer.provider() + ": "
                        + previous.getClass().getName() + " and " + normalizer.getClass().getName());
            }
        }
    }

    /** The normalizer of {@code provider}; empty while that provider has none yet. */
    public Optional<Normalizer> forProvider(Provider provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }
}
