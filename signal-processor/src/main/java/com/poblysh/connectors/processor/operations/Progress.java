package com.poblysh.connectors.processor.operations;

/**
 * The counts of an operation run so far.
 *
 * @param total   records in the run's range (known when it starts)
 * @param read    records read so far
 * @param stored  signals inserted
 * @param updated signals updated in place (rebuild)
 * @param skipped records left out by the filters, yielding no signal, or whose signals exist unchanged
 * @param failed  records that could not be decoded or stored (a redrive leaves them on the dead-letter topic)
 */
public record Progress(long total, long read, long stored, long updated, long skipped, long failed) {

    /** Nothing done yet. */
    public static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0);
}
