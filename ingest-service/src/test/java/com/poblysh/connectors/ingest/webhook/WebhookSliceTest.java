package com.poblysh.connectors.ingest.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.common.web.CommonWebAutoConfiguration;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.ingest.connections.ConnectionSecrets;
import com.poblysh.connectors.ingest.kafka.RawEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mockito.Mockito;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The web slice of the webhook endpoint: the controller, every provider under {@code ingest.webhook}, the common
 * problem+json and operator-token wiring, a mocked {@link RawEventPublisher}, mocked {@link ConnectionSecrets} (no
 * connection has a secret unless a test says so) and mocked {@link ConnectionOperations}, whose recorded calls are
 * cleared before each test. The GitHub secret is set per test class with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebMvcTest(controllers = WebhookController.class,
        properties = {"spring.config.name=poblysh-common,ingest-service",
                "poblysh.auth.operator-tokens=" + WebhookSliceTest.OPERATOR_TOKEN},
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
                pattern = "com\\.poblysh\\.connectors\\.ingest\\.webhook\\..*"))
@ImportAutoConfiguration(CommonWebAutoConfiguration.class)
@Import(WebhookSliceTest.Metrics.class)
@ActiveProfiles("test")
@MockitoBean(types = {RawEventPublisher.class, ConnectionSecrets.class, ConnectionOperations.class})
@ExtendWith(WebhookSliceTest.ClearedMocks.class)
@interface WebhookSliceTest {

    /** The operator token the slice accepts. */
    String OPERATOR_TOKEN = "slice-operator-token";

    /** The slice has no metrics auto-configuration; a simple registry lets tests read the counters. */
    @TestConfiguration(proxyBeanMethods = false)
    class Metrics {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** Tests verify what they themselves published or did, never calls left over in the cached context. */
    class ClearedMocks implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            ApplicationContext spring = SpringExtension.getApplicationContext(context);
            Mockito.clearInvocations(spring.getBean(RawEventPublisher.class),
                    spring.getBean(ConnectionOperations.class));
        }
    }
}
