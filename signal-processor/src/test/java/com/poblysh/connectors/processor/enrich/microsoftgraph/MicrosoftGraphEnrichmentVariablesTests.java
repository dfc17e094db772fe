package com.poblysh.connectors.processor.enrich.microsoftgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import com.poblysh.connectors.processor.ProcessorApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The enrichment settings come from {@code POBLYSH_MICROSOFT_GRAPH_*}, read through signal-processor.yml; the former
 * {@code POBLYSH_GRAPH_*} names still count, and the processor says once, at startup, that they are deprecated.
 */
@ExtendWith(OutputCaptureExtension.class)
class MicrosoftGraphEnrichmentVariablesTests {

    private static final String DEPRECATED = "is deprecated and will be removed";

    @Test
    void theNewNamesConfigureEnrichmentWithoutAWarning(CapturedOutput output) {
        assertTheyTurnEnrichmentOffWithTheirUrlAndTimeout("POBLYSH_MICROSOFT_GRAPH_");

        assertThat(output.getAll()).doesNotContain(DEPRECATED);
    }

    @Test
    void theFormerNamesStillConfigureItAndAreEachWarnedAboutOnce(CapturedOutput output) {
        assertTheyTurnEnrichmentOffWithTheirUrlAndTimeout("POBLYSH_GRAPH_");

        for (String name : new String[] {"ENRICHMENT", "API_BASE_URL", "ENRICHMENT_TIMEOUT"}) {
            String warning = "POBLYSH_GRAPH_" + name + " " + DEPRECATED + "; set POBLYSH_MICROSOFT_GRAPH_" + name
                    + " instead";
            assertThat(output.getAll().split(Pattern.quote(warning), -1)).as(warning).hasSize(2);
        }
    }

    @Test
    void whenBothNamesAreSetTheNewOneWinsSilently(CapturedOutput output) {
        MicrosoftGraphEnrichmentProperties properties = bound(Map.of(
                "POBLYSH_GRAPH_API_BASE_URL", "http://old.test/v1.0",
                "POBLYSH_MICROSOFT_GRAPH_API_BASE_URL", "http://new.test/v1.0"));

        assertThat(properties.apiBaseUrl()).isEqualTo(URI.create("http://new.test/v1.0"));
        assertThat(output.getAll()).doesNotContain(DEPRECATED);
    }

    @Test
    void withNeitherTheDefaultsHold() {
        assertThat(bound(Map.of())).isEqualTo(new MicrosoftGraphEnrichmentProperties(true,
                URI.create("https://graph.microsoft.com/v1.0"), Duration.ofSeconds(2)));
    }

    /** The three variables under {@code prefix} turn enrichment off and set its URL and timeout. */
    private static void assertTheyTurnEnrichmentOffWithTheirUrlAndTimeout(String prefix) {
        assertThat(bound(Map.of(prefix + "ENRICHMENT", "false", prefix + "API_BASE_URL", "http://graph.test/v1.0",
                prefix + "ENRICHMENT_TIMEOUT", "3s"))).isEqualTo(new MicrosoftGraphEnrichmentProperties(false,
                        URI.create("http://graph.test/v1.0"), Duration.ofSeconds(3)));
    }

    /** The settings as the processor binds them, with {@code variables} set as in its environment. */
    private static MicrosoftGraphEnrichmentProperties bound(Map<String, Object> variables) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=poblysh-common," + ProcessorApplication.NAME)
                .properties(variables)
                .run()) {
            return context.getBean(MicrosoftGraphEnrichmentProperties.class);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MicrosoftGraphEnrichmentProperties.class)
    static class Settings {
    }
}
