package com.poblysh.connectors.ingest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void doublesFromFiveSecondsUpToFifteenMinutes() {
        Backoff none = new Backoff(() -> 0.0);

        assertThat(List.of(0, 1, 2, 3, 7, 8, 30, Integer.MAX_VALUE)).map(n -> none.delay(n).toSeconds())
                .containsExactly(5L, 10L, 20L, 40L, 640L, 900L, 900L, 900L);
    }

    @Test
    void jitterShortensTheDelayByAtMostAFifth() {
        Backoff most = new Backoff(() -> 0.999_999);

        assertThat(most.delay(0)).isGreaterThan(Duration.ofSeconds(4)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(most.delay(20)).isGreaterThan(Duration.ofSeconds(720)).isLessThan(Duration.ofSeconds(900));
    }
}
