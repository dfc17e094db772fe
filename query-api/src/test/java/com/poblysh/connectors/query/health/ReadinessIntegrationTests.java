package com.poblysh.connectors.query.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import javax.sql.DataSource;

import com.poblysh.connectors.query.QueryApiIntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.MockMvc;

/** The probes against the real database and the real Flyway history. */
@QueryApiIntegrationTest
class ReadinessIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    DataSource dataSource;

    @Test
    void isReadyOnceTheDatabaseIsMigrated() throws Exception {
        mvc.perform(get("/readyz"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().json("""
                        {"status":"ready","checks":{"database":"up","migrations":"up"}}"""));
    }

    @Test
    void reportsTheBuildVersionWithoutCredentials() throws Exception {
        mvc.perform(get("/healthz"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ok"))
                .andExpect(jsonPath("$.service").value("query-api"))
                .andExpect(jsonPath("$.version").value(org.hamcrest.Matchers.matchesPattern("\\d+\\.\\d+\\.\\d+.*")));
    }

    @Test
    void migrationsAreDownWhileAMigrationIsPending() {
        Flyway withAnExtraMigration = Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/pending-for-test").load();

        assertThat(new MigrationsCheck(withAnExtraMigration).isUp()).isFalse();
    }

    @Test
    void databaseIsDownWhenItDoesNotAnswer() {
        DataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");

        assertThat(new DatabaseCheck(nowhere).isUp()).isFalse();
        assertThat(new DatabaseCheck(dataSource).isUp()).isTrue();
    }
}
