package com.poblysh.connectors.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on standard output while the bench runs (the services log to a file). */
final class Progress {

    private Progress() {
    }

    static void say(String message) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "  " + message);
        System.out.flush();
    }
}
