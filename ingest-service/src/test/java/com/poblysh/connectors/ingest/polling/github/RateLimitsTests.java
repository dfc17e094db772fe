package com.poblysh.connectors.ingest.polling.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.ingest.jobs.PollException;
import org.junit.jupiter.api.Test;

/** How GitHub's answers become waits: always GitHub's own numbers, measured from its Date. */
class RateLimitsTests {

    private static final Instant NOW = Instant.parse("2031-05-06T07:08:09Z");
    private final RateLimits limits = new RateLimits(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void retryAfterInSecondsOrAsADateIsHonoured() {
        assertThat(limits.limited(429, headers(Map.of("Retry-After", "30")), "Too Many Requests")).hasValueSatisfying(
                e -> assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(30)));
        // a date on GitHub's clock, which runs 10 minutes ahead of ours: the wait is what GitHub means, 2 minutes
        assertThat(limits.limited(403, headers(Map.of("Retry-After", "Tue, 6 May 2031 07:20:09 GMT",
                "Date", "Tue, 6 May 2031 07:18:09 GMT")), "secondary rate limit")).hasValueSatisfying(
                e -> assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(120)));
    }

    @Test
    void aSpentBudgetWaitsUntilItsResetMeasuredFromGitHubsDate() {
        Instant githubNow = NOW.plusSeconds(600); // GitHub's clock is ten minutes ahead
        HttpHeaders spent = headers(Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(githubNow.plusSeconds(300).getEpochSecond()),
                "Date", "Tue, 6 May 2031 07:18:09 GMT"));

        assertThat(limits.limited(403, spent, "API rate limit exceeded")).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(PollException.Kind.RATE_LIMITED);
            assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(301));
        });
    }

    @Test
    void aSecondaryLimitWithoutHeadersWaitsAMinuteAndOther403sAreNoRateLimit() {
        assertThat(limits.limited(403, headers(Map.of()), "You have exceeded a secondary rate limit"))
                .hasValueSatisfying(e -> assertThat(e.retryAt()).isEqualTo(NOW.plus(RateLimits.DEFAULT_WAIT)));
        assertThat(limits.limited(429, headers(Map.of()), "")).isPresent();
        assertThat(limits.limited(403, headers(Map.of("X-RateLimit-Remaining", "4999")),
                "Resource not accessible by integration")).isEmpty();
        assertThat(limits.limited(500, headers(Map.of("Retry-After", "5")), "oops")).isEmpty();
    }

    @Test
    void anAnswerThatSpentTheBudgetStopsTheNextRequestOfThatConnectionOnly() throws Exception {
        UUID connection = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        limits.observe(connection, headers(Map.of("X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(60).getEpochSecond()),
                "Date", "Tue, 6 May 2031 07:08:09 GMT")));

        assertThatThrownBy(() -> limits.check(connection)).isInstanceOfSatisfying(PollException.class,
                e -> assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(61)));
        limits.check(other);
        limits.observe(connection, headers(Map.of("X-RateLimit-Remaining", "10")));
        limits.check(connection);
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new HashMap<>();
        values.forEach((k, v) -> map.put(k, List.of(v)));
        return HttpHeaders.of(map, (k, v) -> true);
    }
}
