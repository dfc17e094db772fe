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
 * migrations, operator token {@value #TOKEN}, one operator console account, provider OAuth endpoints served by {@link FakeProviders}, and
 * {@link ApiCalls} to call the API with); every such class uses it so Spring caches a single context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "spring.config.name=poblysh-common,query-api",
        "poblysh.auth.operator-tokens=" + QueryApiIntegrationTest.TOKEN,
        "poblysh.console.operators[0].username=" + QueryApiIntegrationTest.CONSOLE_OPERATOR,
        "poblysh.console.operators[0].password-hash=" + QueryApiIntegrationTest.CONSOLE_PASSWORD_HASH,
        "poblysh.console.operators[0].role=manager",
        "poblysh.console.operators[0].tenants=" + QueryApiIntegrationTest.CONSOLE_TENANT})
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TestDatabaseInitializer.class, FakeProviders.Initializer.class})
@AutoConfigureMockMvc
@Import(ApiCalls.class)
public @interface QueryApiIntegrationTest {

    /** The operator bearer token the test context accepts. */
    String TOKEN = "test-token";

    /** The operator console account of the test context (a manager of {@link #CONSOLE_TENANT}). */
    String CONSOLE_OPERATOR = "console-test-manager";
    /** Its password. */
    String CONSOLE_PASSWORD = "console-test-password";
    /** bcrypt (cost 4, to keep tests fast) of {@link #CONSOLE_PASSWORD}. */
    String CONSOLE_PASSWORD_HASH = "$2a$04$ogWMPH7MB7fvxvDo758gE.Ac8WHXPIswefTWa2czjeyq0GTjrchAi";
    /** The tenant granted to {@link #CONSOLE_OPERATOR} by configuration. */
    String CONSOLE_TENANT = "7c0a6a52-3d4e-4f1a-9b2c-5d6e7f809a1b";
}
