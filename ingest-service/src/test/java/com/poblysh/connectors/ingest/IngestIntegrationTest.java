package com.poblysh.connectors.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.testsupport.FakeTokenEndpoints;
import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import com.poblysh.connectors.testsupport.TestKafka;
import com.poblysh.connectors.testsupport.TestKafkaInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port against the per-JVM broker, registry and database, with every provider's
 * test secret ({@link TestProviderSecrets}) and the providers' OAuth apps pointed at {@link FakeTokenEndpoints}.
 * Every integration test class of the module carries exactly this, so they share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=poblysh-common,ingest-service",
        "poblysh.auth.operator-tokens=" + IngestIntegrationTest.OPERATOR_TOKEN,
        // the sync tests run engines of their own, with their own clocks; the context's would race them for jobs
        "poblysh.ingest.jobs.enabled=false",
        // secrets sealed before key ids move to the primary key within a second (KeyRotationIntegrationTests)
        "poblysh.crypto.reencrypt.interval=300ms",
        // the test broker's topics already exist with this many partitions; the service must not grow them
        "poblysh.kafka.raw-events-partitions=" + TestKafka.PARTITIONS})
@ActiveProfiles("test")
@ContextConfiguration(initializers = {TestDatabaseInitializer.class, TestKafkaInitializer.class,
        TestProviderSecrets.class, FakeTokenEndpoints.Initializer.class})
public @interface IngestIntegrationTest {

    /** The operator token the integration context accepts. */
    String OPERATOR_TOKEN = "integration-operator-token";
}
