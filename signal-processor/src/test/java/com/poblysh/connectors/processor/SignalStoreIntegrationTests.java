package com.poblysh.connectors.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Storage of signals and upkeep of their partitions, on the real Postgres. */
@ProcessorIntegrationTest
class SignalStoreIntegrationTests {

    @Autowired
    SignalStore store;

    @Autowired
    SignalPartitions partitions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void insertingTheSameRowsAgainKeepsOneCopyOfEach() {
        UUID tenant = UUID.randomUUID();
        SignalRow a = row(tenant, "github:a");
        SignalRow b = row(tenant, "github:b");
        List<SignalRow> rows = List.of(a, b, a);

        store.insert(rows);
        store.insert(rows);

        assertThat(jdbc.sql("SELECT dedupe_key FROM signals WHERE tenant_id = ? ORDER BY dedupe_key").param(tenant)
                .query(String.class).list()).containsExactly("github:a", "github:b");
    }

    @Test
    void driverRewritesBatchedInsertsIntoMultiRowStatements() {
        assertThat(dataSource).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) dataSource).getDataSourceProperties())
                .containsEntry("reWriteBatchedInserts", "true");
    }

    @Test
    void recreatesAMissingPartitionOfTheMonthsAhead() {
        LocalDate inTwoMonths = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(2);
        String partition = "signals_" + inTwoMonths.format(DateTimeFormatter.ofPattern("yyyy_MM"));
        jdbc.sql("DROP TABLE IF EXISTS " + partition).update();

        int created = partitions.ensure();

        assertThat(created).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("SELECT to_regclass(?)::text").param(partition).query(String.class).single())
                .isEqualTo(partition);
    }

    private static SignalRow row(UUID tenant, String dedupeKey) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new SignalRow(UUID.nameUUIDFromBytes((tenant + dedupeKey).getBytes()), tenant, "github", null,
                "issue_created", at.minusSeconds(60), at, "octocat", "Title", "https://github.com/o/r/issues/1",
                "{\"action\": \"opened\"}", UUID.randomUUID(), dedupeKey);
    }
}
