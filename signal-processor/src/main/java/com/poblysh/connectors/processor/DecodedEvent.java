package com.poblysh.connectors.processor;

import java.util.List;

import com.poblysh.connectors.processor.ProcessingMetrics.Outcome;

/**
 * One consumed record after decoding and normalization, waiting to be stored with the rest of its batch.
 *
 * @param index    position of the record in its batch (what {@code BatchListenerFailedException} names)
 * @param provider provider id, the metrics tag
 * @param outcome  what becomes of it once the batch is stored
 * @param rows     the signals it yields, possibly none
 */
record DecodedEvent(int index, String provider, Outcome outcome, List<SignalRow> rows) {
}
