package com.poblysh.connectors.processor;

import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.processor.ProcessingMetrics.Outcome;

/**
 * One consumed record after decoding and normalization, waiting to be stored with the rest of its batch.
 *
 * @param index     position of the record in its batch (what {@code BatchListenerFailedException} names)
 * @param provider  its provider, the metrics tag
 * @param outcome   what becomes of it once the batch is stored
 * @param rows      the signals it yields, possibly none
 * @param sanitized whether NUL characters were replaced in its rows (see {@link PostgresText})
 */
record DecodedEvent(int index, Provider provider, Outcome outcome, List<SignalRow> rows, boolean sanitized) {

    /** An event that yields no rows. */
    static DecodedEvent withoutRows(int index, Provider provider, Outcome outcome) {
        return new DecodedEvent(index, provider, outcome, List.of(), false);
    }
}
