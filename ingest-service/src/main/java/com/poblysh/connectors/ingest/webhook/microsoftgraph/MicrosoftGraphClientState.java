package com.poblysh.connectors.ingest.webhook.microsoftgraph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.PropertyResolver;

/**
 * The configured clientState: {@code poblysh.ingest.microsoft-graph.client-state}, which ingest-service.yml reads
 * from {@code POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE}. The variable's former name, {@code POBLYSH_GRAPH_CLIENT_STATE},
 * still works when the new one is not set, and then says once, at startup, that it is deprecated.
 */
final class MicrosoftGraphClientState {

    static final String VARIABLE = "POBLYSH_MICROSOFT_GRAPH_CLIENT_STATE";
    static final String DEPRECATED_VARIABLE = "POBLYSH_GRAPH_CLIENT_STATE";

    private static final Logger log = LoggerFactory.getLogger(MicrosoftGraphClientState.class);

    private MicrosoftGraphClientState() {
    }

    /** The clientState to accept besides the connections' own; null or empty: none. */
    static String configured(MicrosoftGraphProperties properties, PropertyResolver environment) {
        String deprecated = environment.getProperty(DEPRECATED_VARIABLE);
        if (isEmpty(deprecated) || !isEmpty(environment.getProperty(VARIABLE))) {
            return properties.clientState();
        }
        log.warn("{} is deprecated and will be removed; set {} instead", DEPRECATED_VARIABLE, VARIABLE);
        return isEmpty(properties.clientState()) ? deprecated : properties.clientState();
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
