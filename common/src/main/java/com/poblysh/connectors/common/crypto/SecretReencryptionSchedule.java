package com.poblysh.connectors.common.crypto;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link SecretReencryption} shortly after start and then every {@code interval}: after the primary key changed,
 * the secrets sealed with the previous one move to the new one without anyone asking. Once nothing is left to move, a
 * pass is one scan of each secret table that finds nothing.
 */
final class SecretReencryptionSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryptionSchedule.class);

    private final SecretReencryption reencryption;
    private final Duration interval;
    private ScheduledExecutorService runner;

    SecretReencryptionSchedule(SecretReencryption reencryption, Duration interval) {
        this.reencryption = reencryption;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (runner != null) {
            return;
        }
        runner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "secret-reencryption");
            thread.setDaemon(true);
            return thread;
        });
        runner.scheduleWithFixedDelay(() -> {
            try {
                reencryption.runOnce();
            } catch (RuntimeException e) {
                // the database is away: the next pass tries again; nothing is lost, old keys still decrypt
                log.warn("Secret re-encryption pass failed: {}", e.toString());
            }
        }, Math.min(5_000, interval.toMillis()), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (runner != null) {
            runner.shutdownNow();
            runner = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return runner != null;
    }
}
