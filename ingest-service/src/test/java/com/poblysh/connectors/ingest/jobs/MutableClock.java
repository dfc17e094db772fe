package com.poblysh.connectors.ingest.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it: leases, backoffs and retry times without waiting. */
public final class MutableClock extends Clock {

    /** Where every test's clock starts: far from today, so nothing depends on the date the tests run. */
    public static final Instant START = Instant.parse("2031-05-06T07:08:09Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the engine reads instants only");
    }
}
