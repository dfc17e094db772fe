package com.poblysh.connectors.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Environment variables that were renamed keep working under their former name for a while. When only the former
 * name is set (or the new one is empty), its value is copied under the new name, which is the only one the
 * configuration files read, and the service warns once, at startup, that the former name is deprecated; when both
 * are set the new one wins, silently. Every service applies this before its configuration is bound (registered in
 * {@code META-INF/spring.factories}); a renamed variable is one more line in {@link #RENAMED}.
 */
public final class RenamedVariables implements EnvironmentPostProcessor, Ordered {

    /** Former name to current name, in a fixed order; the former names are deprecated. */
    public static final Map<String, String> RENAMED;

    static {
        Map<String, String> renamed = new LinkedHashMap<>();
        renamed.put("POBLYSH_GRAPH_CLIENT_STATE", "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE");
        renamed.put("POBLYSH_GRAPH_ENRICHMENT", "POBLYSH_MICROSOFT_GRAPH_ENRICHMENT");
        renamed.put("POBLYSH_GRAPH_API_BASE_URL", "POBLYSH_MICROSOFT_GRAPH_API_BASE_URL");
        renamed.put("POBLYSH_GRAPH_ENRICHMENT_TIMEOUT", "POBLYSH_MICROSOFT_GRAPH_ENRICHMENT_TIMEOUT");
        RENAMED = Collections.unmodifiableMap(renamed);
    }

    /** Name of the property source holding the copied values, ahead of every other. */
    public static final String PROPERTY_SOURCE = "poblysh-renamed-variables";

    private final Log log;

    /** For Spring Boot, which gives a log that is written once the logging system is up. */
    public RenamedVariables(DeferredLogFactory logs) {
        this(logs.getLog(RenamedVariables.class));
    }

    RenamedVariables(Log log) {
        this.log = log;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> copied = new LinkedHashMap<>();
        RENAMED.forEach((former, current) -> {
            String value = environment.getProperty(former);
            if (isEmpty(value) || !isEmpty(environment.getProperty(current))) {
                return;
            }
            copied.put(current, value);
            log.warn(former + " is deprecated and will be removed; set " + current + " instead");
        });
        if (!copied.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, copied));
        }
    }

    /**
     * The value of variable {@code name} in {@code variables}, or of its former name when it has one and only that
     * is set: for code that reads the environment itself rather than through Spring (the local run).
     */
    public static String get(Map<String, String> variables, String name) {
        String value = variables.get(name);
        if (!isEmpty(value)) {
            return value;
        }
        for (Map.Entry<String, String> renamed : RENAMED.entrySet()) {
            if (renamed.getValue().equals(name) && !isEmpty(variables.get(renamed.getKey()))) {
                return variables.get(renamed.getKey());
            }
        }
        return value;
    }

    /** After the property sources of the command line, the system environment and the config files exist. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
