package com.poblysh.connectors.common.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * Trace ids: 32 lower-case hex characters, taken from a W3C {@code traceparent} header when the caller sent one,
 * else random. Held in the logging MDC under {@code trace_id} so every log line of a request carries it.
 */
public final class TraceIds {

    /** MDC key and problem+json field name. */
    public static final String MDC_KEY = "trace_id";
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceIds() {
    }

    /** The trace id of the current request, or a fresh one outside a request. */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : random();
    }

    static String fromTraceparent(String header) {
        if (header != null) {
            var m = TRACEPARENT.matcher(header.trim());
            if (m.matches() && !m.group(1).equals("0".repeat(32))) {
                return m.group(1);
            }
        }
        return random();
    }

    static String random() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
