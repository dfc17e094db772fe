package com.poblysh.connectors.query.connections;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code GET /connections} needs to say when a connection syncs next ({@code poblysh.query.connections.*}).
 *
 * @param syncInterval the sync engine's interval between incremental syncs of a connection
 *                     ({@code POBLYSH_JOBS_INTERVAL}, the variable ingest-service's scheduler reads; default 15m)
 */
@Validated
@ConfigurationProperties("poblysh.query.connections")
record ConnectionHealthProperties(@NotNull @DefaultValue("15m") Duration syncInterval) {
}
