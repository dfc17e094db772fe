package com.poblysh.connectors.ingest;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.testkit.TestSecrets;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Configures every provider's fallback secret, {@code poblysh.ingest.<provider>.<setting>}, to the test kit's secret
 * ({@link TestSecrets}): one entry per {@link Provider}, so a new provider is configured without editing a list.
 */
public final class TestProviderSecrets implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The properties, e.g. {@code poblysh.ingest.microsoft-graph.client-state}. */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new TreeMap<>();
        Arrays.stream(Provider.values()).forEach(provider -> TestSecrets.of(provider).forEach((setting, secret) ->
                properties.put("poblysh.ingest." + provider.id().replace('_', '-') + "." + setting, secret)));
        return properties;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("provider-test-secrets", properties()));
    }
}
