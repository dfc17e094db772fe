package com.poblysh.connectors.ingest.webhook;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.web.CommonWebAutoConfiguration;
import com.poblysh.connectors.ingest.KitConnections;
import com.poblysh.connectors.ingest.connections.ConnectionOperations;
import com.poblysh.connectors.ingest.connections.WebhookConnections;
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
 * The web slice of the webhook endpoints: the controller, every provider under {@code ingest.webhook}, the common
 * problem+json and operator-token wiring, a mocked {@link RawEventPublisher}, mocked {@link ConnectionOperations}
 * and mocked {@link WebhookConnections}. Before each test the mocks are reset and every tenant has the provider
 * test kit's connections ({@link KitConnections}: the kit's secrets, bound to what the kit's fixtures name), so a
 * kit request is accepted on any tenant's path unless a test says otherwise.
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
@MockitoBean(types = {RawEventPublisher.class, WebhookConnections.class, ConnectionOperations.class})
@ExtendWith(WebhookSliceTest.KitConnectionsEverywhere.class)
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

    /** Tests see only what they themselves stubbed, published or did, never what was left in the cached context. */
    class KitConnectionsEverywhere implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            ApplicationContext spring = SpringExtension.getApplicationContext(context);
            WebhookConnections connections = spring.getBean(WebhookConnections.class);
            Mockito.reset(spring.getBean(RawEventPublisher.class), spring.getBean(ConnectionOperations.class),
                    connections);
            given(connections.active(any(), any())).willAnswer(call ->
                    call.getArgument(1) == null ? List.of() : KitConnections.of(call.getArgument(1, Provider.class)));
        }
    }
}
