package com.poblysh.connectors.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** query-api: serves Core providers, OAuth connect, connections, signals and jobs, tenant-scoped. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApiApplication {

    /** Name of this service's configuration file and of the service in health answers. */
    public static final String NAME = "query-api";

    /** The application with its configuration files ({@code poblysh-common.yml}, then {@code query-api.yml}). */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueryApiApplication.class)
                .properties("spring.config.name=poblysh-common," + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
