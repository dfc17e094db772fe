package com.poblysh.connectors.processor;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.normalize.InvalidPayloadException;
import com.poblysh.connectors.processor.normalize.NormalizedSignal;
import com.poblysh.connectors.processor.normalize.Normalizer;
import com.poblysh.connectors.schemas.avro.RawEvent;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * Lets a test change the GitHub normalization for its own tenants only, as a code change would: a corrected title
 * rule (a new normalization version) or a bug that makes every event of the tenant fail. Other tenants' events are
 * normalized as always, so the tests sharing the context see no difference.
 */
@TestConfiguration(proxyBeanMethods = false)
class SwitchableNormalization {

    /** Tenants whose titles the "corrected" rule (version 2) prefixes with {@code Fixed: }. */
    static final Set<UUID> CORRECTED = ConcurrentHashMap.newKeySet();

    /** Tenants whose events hit the "bug": normalization refuses them (straight to the dead-letter topic). */
    static final Set<UUID> BROKEN = ConcurrentHashMap.newKeySet();

    @Bean
    static BeanPostProcessor switchableGitHubNormalizer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof Normalizer normalizer && normalizer.provider() == Provider.GITHUB
                        ? new Switchable(normalizer) : bean;
            }
        };
    }

    private record Switchable(Normalizer delegate) implements Normalizer {

        @Override
        public Provider provider() {
            return delegate.provider();
        }

        @Override
        public int version() {
            return CORRECTED.isEmpty() ? delegate.version() : delegate.version() + 1;
        }

        @Override
        public List<NormalizedSignal> normalize(RawEvent event, JsonNode payload) {
            if (BROKEN.contains(event.getTenantId())) {
                throw new InvalidPayloadException("the normalizer bug of this test");
            }
            List<NormalizedSignal> signals = delegate.normalize(event, payload);
            if (!CORRECTED.contains(event.getTenantId())) {
                return signals;
            }
            return signals.stream().map(s -> new NormalizedSignal(s.kind(), s.occurredAt(), s.actor(),
                    "Fixed: " + s.title(), s.url(), s.stableTime(), s.identity())).toList();
        }
    }
}
