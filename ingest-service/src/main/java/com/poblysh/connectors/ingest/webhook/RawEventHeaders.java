package com.poblysh.connectors.ingest.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * The request headers a raw event keeps: an allow-list, so signatures, {@code Authorization}, cookies and whatever a
 * proxy adds never reach Kafka.
 */
final class RawEventHeaders {

    /** Kept for every provider. */
    static final List<String> COMMON = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.USER_AGENT);

    private RawEventHeaders() {
    }

    /** The allowed headers present on the request, named as listed; repeated values are joined with {@code ", "}. */
    static Map<String, String> keep(HttpHeaders headers, List<String> providerHeaders) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (List<String> names : List.of(providerHeaders, COMMON)) {
            for (String name : names) {
                List<String> values = headers.get(name);
                if (values != null && !values.isEmpty()) {
                    kept.put(name, String.join(", ", values));
                }
            }
        }
        return kept;
    }
}
