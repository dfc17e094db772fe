package com.poblysh.connectors.query.health;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Flyway reports no pending migration, i.e. the schema this build expects is in place. Once seen, that stays
 * true for the life of the process (migrations only ever get added by a newer build), so later probes cost
 * nothing.
 */
@Component
@Order(2)
class MigrationsCheck implements ReadinessCheck {

    private static final Logger log = LoggerFactory.getLogger(MigrationsCheck.class);

    private final Flyway flyway;
    private volatile boolean applied;

    MigrationsCheck(Flyway flyway) {
        this.flyway = flyway;
    }

    @Override
    public String name() {
        return "migrations";
    }

    @Override
    public boolean isUp() {
        if (applied) {
            return true;
        }
        try {
            MigrationInfo[] pending = flyway.info().pending();
            if (pending.length > 0) {
                log.warn("Readiness: {} pending migration(s), first {}", pending.length, pending[0].getVersion());
                return false;
            }
            applied = true;
            return true;
        } catch (RuntimeException e) {
            log.warn("Readiness: migration state unknown: {}", e.getMessage());
            return false;
        }
    }
}
