package com.poblysh.connectors.processor;

import com.poblysh.connectors.common.kafka.KafkaPipelineProperties;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** signal-processor: turns raw events into signals, stored idempotently in Postgres. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableConfigurationProperties(KafkaPipelineProperties.class)
@EnableScheduling
public class ProcessorApplication {

    /** Name of this service's configuration file and of the service in health answers. */
    public static final String NAME = "signal-processor";

    /** The application with its configuration files ({@code poblysh-common.yml}, then {@code signal-processor.yml}). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ProcessorApplication.class)
                .properties("spring.config.name=poblysh-common," + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
