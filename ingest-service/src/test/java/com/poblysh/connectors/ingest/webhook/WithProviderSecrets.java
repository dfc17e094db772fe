package com.poblysh.connectors.ingest.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.poblysh.connectors.ingest.TestProviderSecrets;
import org.springframework.test.context.ContextConfiguration;

/**
 * Configures every provider's fallback secret ({@link TestProviderSecrets}) in a {@link WebhookSliceTest}; classes
 * carrying it share a context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = TestProviderSecrets.class)
@interface WithProviderSecrets {
}
