package com.poblysh.connectors.reliability;

/** Milliseconds since the suite's clock started: every time the suite records is on this one monotonic clock. */
final class Elapsed {

    private static final long ORIGIN = System.nanoTime();

    private Elapsed() {
    }

    static long now() {
        return (System.nanoTime() - ORIGIN) / 1_000_000;
    }
}
