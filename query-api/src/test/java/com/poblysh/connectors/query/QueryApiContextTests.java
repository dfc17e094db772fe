package com.poblysh.connectors.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(properties = "spring.config.name=poblysh-common,query-api")
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
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
