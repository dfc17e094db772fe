package com.poblysh.connectors.ingest.tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.poblysh.connectors.common.tokens.TokenRefresher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Renews, every {@code interval}, the tokens of active connections that expire within {@code ahead}, so pollers and
 * enrichment rarely meet an expired one. Every instance sweeps; the refresher's row lock (skipping a connection
 * another instance is renewing) and its re-read make one token request per connection whatever the instances do.
 */
final class TokenRefreshSchedule implements SmartLifecycle {

    /** Connections one sweep renews at most; the rest wait for the next sweep, soonest expiry first. */
    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(TokenRefreshSchedule.class);

    private final TokenRefresher refresher;
    private final TokenRefreshProperties properties;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    TokenRefreshSchedule(TokenRefresher refresher, TokenRefreshProperties properties, Clock clock) {
        this.refresher = refresher;
        this.properties = properties;
        this.clock = clock;
    }

    /** One sweep at {@code now}; returns how many tokens it renewed. */
    int sweep(Instant now) {
        return refresher.renewAllExpiring(now.plus(properties.ahead()), BATCH);
    }

    @Override
    public synchronized void start() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "token-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                int renewed = sweep(clock.instant());
                if (renewed > 0) {
                    log.debug("Renewed {} tokens expiring within {}", renewed, properties.ahead());
                }
            } catch (RuntimeException e) {
                // the database is away: the next sweep tries again, well before the tokens it missed expire
                log.warn("Token refresh sweep failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeper != null;
    }
}
