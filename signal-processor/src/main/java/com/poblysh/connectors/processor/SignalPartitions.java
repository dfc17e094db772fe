package com.poblysh.connectors.processor;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
 * longer be created), and daily after that. A month it cannot create is an ERROR and counts in the gauge
 * {@code poblysh.processor.partitions.missing}: its rows pile up in the default partition.
 */
@Component
class SignalPartitions implements SmartInitializingSingleton, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SignalPartitions.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ProcessorProperties.Partitions settings;
    private final AtomicInteger missing = new AtomicInteger();

    SignalPartitions(JdbcTemplate jdbc, TransactionTemplate transaction, ProcessorProperties properties,
                     MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.settings = properties.partitions();
        Gauge.builder("poblysh.processor.partitions.missing", missing, AtomicInteger::get)
                .description("Monthly signals partitions of this month and the months ahead that do not exist")
                .register(meters);
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

    /** The partitions of this month and the months ahead that do not exist, e.g. {@code signals_2030_01}. */
    List<String> missing() {
        return jdbc.queryForList("""
                SELECT 'signals_' || to_char(month, 'YYYY_MM') FROM generate_series(date_trunc('month', now()),
                    date_trunc('month', now()) + make_interval(months => ? - 1), interval '1 month') AS month
                WHERE to_regclass('signals_' || to_char(month, 'YYYY_MM')) IS NULL
                ORDER BY month""", String.class, settings.monthsAhead());
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensureAndLog();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addCronTask(this::ensureAndLog, settings.cron());
    }

    void ensureAndLog() {
        try {
            int created = ensure();
            if (created > 0) {
                log.info("Created {} monthly signals partition(s)", created);
            }
            List<String> absent = missing();
            missing.set(absent.size());
            if (!absent.isEmpty()) {
                log.error("Signals partition(s) {} cannot be created: rows of those months are in signals_default; "
                        + "move them out so each month gets its partition", absent);
            }
        } catch (DataAccessException | TransactionException e) {
            // Not fatal: this month's partition normally exists already, and the next run tries again.
            log.warn("Could not ensure the monthly signals partitions: {}", e.getMessage());
        }
    }
}
