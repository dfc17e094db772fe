package com.poblysh.connectors.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the monthly partitions of {@code signals} ready ahead of time: once at startup, before the listener starts
 * (rows of a month without its partition land in {@code signals_default}, and then that month's partition can no
 * longer be created), and daily after that.
 */
@Component
class SignalPartitions implements SmartInitializingSingleton, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SignalPartitions.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ProcessorProperties.Partitions settings;

    SignalPartitions(JdbcTemplate jdbc, TransactionTemplate transaction, ProcessorProperties properties) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = properties.partitions();
    }

    /** Creates the missing partitions from this month on; answers how many it created. */
    int ensure() {
        Integer created = transaction.execute(status -> {
            // Every processor instance runs this; the lock keeps their CREATE TABLEs from racing.
            jdbc.execute("SELECT pg_advisory_xact_lock(hashtext('ensure_signal_partitions'))");
            return jdbc.queryForObject("SELECT ensure_signal_partitions(date_trunc('month', now())::date, ?)",
                    Integer.class, settings.monthsAhead());
        });
        return created == null ? 0 : created;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensureAndLog();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addCronTask(this::ensureAndLog, settings.cron());
    }

    private void ensureAndLog() {
        try {
            int created = ensure();
            if (created > 0) {
                log.info("Created {} monthly signals partition(s)", created);
            }
        } catch (DataAccessException | TransactionException e) {
            // Not fatal: this month's partition normally exists already, and the next run tries again.
            log.warn("Could not ensure the monthly signals partitions: {}", e.getMessage());
        }
    }
}
