package com.poblysh.connectors.ingest;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** ingest-service: verifies provider webhooks and publishes tenant-keyed raw events to Kafka. */
@SpringBootApplication
// Listed, not only scanned: web slices skip the scan but still need the properties the providers read.
@ConfigurationPropertiesScan
@EnableConfigurationProperties({IngestProperties.class, OverloadProperties.class, KafkaPipelineProperties.class})
public class IngestApplication {

    /** Name of this service's configuration file and of the service in health answers. */
    public static final String NAME = "ingest-service";

    /** The application with its configuration files ({@code poblysh-common.yml}, then {@code ingest-service.yml}). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(IngestApplication.class)
                .properties("spring.config.name=poblysh-common," + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
