package com.poblysh.connectors.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

@QueryApiIntegrationTest
class QueryApiContextTests {

    @Autowired
    Environment environment;

    @Test
    void loadsBothConfigFilesWithTheServiceFileWinning() {
        assertThat(environment.getProperty("spring.application.name")).isEqualTo("query-api");
        assertThat(environment.getProperty("spring.jackson.property-naming-strategy")).isEqualTo("SNAKE_CASE");
        assertThat(environment.getProperty("spring.datasource.url")).contains("poblysh_test_");
    }
}
