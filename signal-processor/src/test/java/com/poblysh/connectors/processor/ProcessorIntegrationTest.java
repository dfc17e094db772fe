package com.poblysh.connectors.processor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import com.poblysh.connectors.testsupport.TestKafkaInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring context of this module's integration tests: real broker, registry and Postgres, a stand-in Graph
 * API for enrichment, and fakes of the providers' token endpoints for renewing expired tokens.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "spring.config.name=poblysh-common,signal-processor",
        // Unexpected errors retry quickly in tests; the policy is the same.
        "poblysh.processor.retry.initial-interval=100ms",
        // The tests run replays themselves; the worker of queued runs is tested on its own.
        "poblysh.operations.poll-interval=200ms"})
@ActiveProfiles("test")
@Import(SwitchableNormalization.class)
@ContextConfiguration(initializers = {TestDatabaseInitializer.class, TestKafkaInitializer.class,
        MicrosoftGraphApiStandIn.class, FakeTokenEndpoints.Initializer.class})
public @interface ProcessorIntegrationTest {
}
