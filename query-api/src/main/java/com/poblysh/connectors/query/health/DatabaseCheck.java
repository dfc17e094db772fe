package com.poblysh.connectors.query.health;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The database answers {@code SELECT 1} within two seconds (plus the pool's connection timeout). */
@Component
@Order(1)
class DatabaseCheck implements ReadinessCheck {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCheck.class);

    private final JdbcTemplate jdbc;
    private volatile boolean wasUp = true;

    DatabaseCheck(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(2);
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public boolean isUp() {
        boolean up;
        try {
            up = Integer.valueOf(1).equals(jdbc.queryForObject("SELECT 1", Integer.class));
        } catch (RuntimeException e) {
            if (wasUp) { // log transitions only: probes run every few seconds
                log.warn("Readiness: database unreachable: {}", e.getMessage());
            }
            up = false;
        }
        wasUp = up;
        return up;
    }
}
