package com.poblysh.connectors.query.health;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.poblysh.connectors.common.web.CommonWebAutoConfiguration;
import com.poblysh.connectors.query.console.ConsoleSecurity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/** The probes are public, and readiness names the check that is down. */
@WebMvcTest(controllers = HealthController.class, properties = "spring.config.name=poblysh-common,query-api")
@ActiveProfiles("test")
@ImportAutoConfiguration(CommonWebAutoConfiguration.class)
@Import(ConsoleSecurity.class)
class HealthControllerTests {

    /** A check the test switches. */
    static final class Switch implements ReadinessCheck {
        private final String name;
        volatile boolean up = true;

        Switch(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isUp() {
            return up;
        }
    }

    @TestConfiguration
    static class Checks {
        @Bean
        @Order(1)
        Switch database() {
            return new Switch("database");
        }

        @Bean
        @Order(2)
        Switch migrations() {
            return new Switch("migrations");
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    Switch database;

    @Autowired
    Switch migrations;

    @BeforeEach
    void allUp() {
        database.up = true;
        migrations.up = true;
    }

    @Test
    void answersHealthzWithoutCredentials() throws Exception {
        mvc.perform(get("/healthz"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("ok"))
                .andExpect(jsonPath("$.service").value("query-api"))
                .andExpect(jsonPath("$.version").isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            is ready when every check is up       | true  | true  | 200 | {"status":"ready","checks":{"database":"up","migrations":"up"}}
            answers 503 naming the failing checks | false | false | 503 | {"status":"not_ready","checks":{"database":"down","migrations":"down"}}
            answers 503 when migrations pend      | true  | false | 503 | {"status":"not_ready","checks":{"database":"up","migrations":"down"}}
            """)
    void readinessIsReadyOnlyWhenEveryCheckIsUpAndNamesEachCheck(String situation, boolean databaseUp,
            boolean migrationsUp, int status, String body) throws Exception {
        database.up = databaseUp;
        migrations.up = migrationsUp;

        mvc.perform(get("/readyz"))
                .andExpect(status().is(status))
                .andExpect(content().json(body));
    }
}
