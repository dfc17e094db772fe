package com.poblysh.connectors.processor;

import java.io.Serial;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Names the failed record of a batch to the error handler, like its superclass, and carries the record's provider
 * so the dead-letter log line can name it: the recoverer sees only the record's bytes, which may not even decode.
 */
class RawEventFailedException extends BatchListenerFailedException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Provider of a record that did not decode far enough to name one. */
    static final String UNKNOWN_PROVIDER = "unknown";

    private final String provider;

    /**
     * @param provider the raw event's provider as it came, or null when the record did not decode
     */
    RawEventFailedException(String reason, Throwable cause, int index, String provider) {
        super(reason, cause, index);
        this.provider = provider == null ? UNKNOWN_PROVIDER : provider;
    }

    /** The provider named by the first of these exceptions in {@code error}'s cause chain, else "unknown". */
    static String providerOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RawEventFailedException failed) {
                return failed.provider;
            }
        }
        return UNKNOWN_PROVIDER;
    }
}
