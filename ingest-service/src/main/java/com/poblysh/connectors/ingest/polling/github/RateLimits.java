package com.poblysh.connectors.ingest.polling.github;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.poblysh.connectors.ingest.jobs.PollException;

/**
 * GitHub's rate limits as its answers state them. A 429, or a 403 that says so, is rate limited: until
 * {@code Retry-After} (seconds or an HTTP date; secondary limits send it), else until {@code X-RateLimit-Reset} when
 * {@code X-RateLimit-Remaining} is 0 (the hourly budget), else a minute (GitHub's advice for secondary limits
 * without a header). Reset times are GitHub's clock: they are turned into a wait from the answer's {@code Date},
 * so a skewed local clock neither hammers nor stalls. An answer that leaves no request in the budget is remembered
 * per connection, so the next page waits for the reset instead of spending a refused request.
 */
public final class RateLimits {

    /** How long to wait when GitHub signals a limit without saying for how long. */
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(1);
    /** Reset times are whole seconds; a second more keeps the retry from landing just before the reset. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private final Clock clock;
    private final Map<UUID, Instant> exhaustedUntil = new ConcurrentHashMap<>();

    public RateLimits(Clock clock) {
        this.clock = clock;
    }

    /** Before a request: fails when the connection's budget is known to be spent until a later time. */
    void check(UUID connection) throws PollException {
        Instant until = exhaustedUntil.get(connection);
        if (until == null) {
            return;
        }
        if (until.isAfter(clock.instant())) {
            throw PollException.rateLimited(until, "GitHub's hourly request budget is spent until " + until);
        }
        exhaustedUntil.remove(connection, until);
    }

    /** After every answer: remembers a budget the answer left at 0. */
    void observe(UUID connection, HttpHeaders headers) {
        if ("0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(null))) {
            reset(headers).ifPresent(until -> exhaustedUntil.put(connection, until));
        } else {
            exhaustedUntil.remove(connection);
        }
    }

    /** The rate limit an error answer signals, or empty when it is no rate limit (a 403 for a missing scope). */
    public Optional<PollException> limited(int status, HttpHeaders headers, String message) {
        if (status != 429 && status != 403) {
            return Optional.empty();
        }
        Optional<Instant> retryAfter = retryAfter(headers);
        if (retryAfter.isPresent()) {
            return Optional.of(PollException.rateLimited(retryAfter.get(), "GitHub answered " + status
                    + " with Retry-After: " + message));
        }
        if ("0".equals(headers.firstValue("X-RateLimit-Remaining").orElse(null))) {
            Instant until = reset(headers).orElse(clock.instant().plus(DEFAULT_WAIT));
            return Optional.of(PollException.rateLimited(until, "GitHub's hourly request budget is spent: "
                    + message));
        }
        if (status == 429 || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
            return Optional.of(PollException.rateLimited(clock.instant().plus(DEFAULT_WAIT), "GitHub answered "
                    + status + ": " + message));
        }
        return Optional.empty();
    }

    private Optional<Instant> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(clock.instant().plusSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException e) {
            return httpDate(value.get()).map(at -> clock.instant().plus(untilFromDate(headers, at)));
        }
    }

    /** When the hourly budget resets, on the local clock. */
    private Optional<Instant> reset(HttpHeaders headers) {
        try {
            return headers.firstValue("X-RateLimit-Reset").map(String::trim).map(Long::parseLong)
                    .map(Instant::ofEpochSecond)
                    .map(at -> clock.instant().plus(untilFromDate(headers, at)).plus(MARGIN));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How long from the answer until {@code at}, both on GitHub's clock; from now when the answer has no Date. */
    private Duration untilFromDate(HttpHeaders headers, Instant at) {
        Instant sent = headers.firstValue("Date").flatMap(RateLimits::httpDate).orElse(clock.instant());
        Duration wait = Duration.between(sent, at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** An RFC 1123 date, e.g. {@code Tue, 6 May 2031 07:08:09 GMT}. */
    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
