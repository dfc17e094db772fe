package com.poblysh.connectors.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one full-context setup of this module's integration tests (real PostgreSQL via the test database, Flyway
 * migrations, operator token {@value #TOKEN}, provider OAuth endpoints served by {@link FakeProviders}, and
 * {@link ApiCalls} to call the API with); every such class uses it so Spring caches a single context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "spring.config.name=poblysh-common,query-api",
        "poblysh.auth.operator-tokens=" + QueryApiIntegrationTest.TOKEN})
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TestDatabaseInitializer.class, FakeProviders.Initializer.class})
@AutoConfigureMockMvc
@Import(ApiCalls.class)
public @interface QueryApiIntegrationTest {

    /** The operator bearer token the test context accepts. */
    String TOKEN = "test-token";
}
