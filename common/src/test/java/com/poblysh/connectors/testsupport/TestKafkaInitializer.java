package com.poblysh.connectors.testsupport;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points a test context at the shared {@link TestKafka} broker and registry. */
public class TestKafkaInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test-kafka", Map.of(
                "spring.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                "poblysh.kafka.schema-registry-url", TestKafka.registryUrl())));
    }
}
