package com.poblysh.connectors.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.poblysh.connectors.query.pagination.Pager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The cursor secret comes from POBLYSH_CURSOR_SECRET; outside local/test nothing is made up for it. */
class QueryPropertiesTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef-prod";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueryProperties.class)
    @Import(Pager.class)
    static class PagingOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withPropertyValues("spring.config.name=poblysh-common,query-api")
            .withUserConfiguration(PagingOnly.class);

    @Test
    void failsStartupWithInstructionsWhenTheSecretIsMissingOutsideLocalAndTest() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("POBLYSH_CURSOR_SECRET is not set")
                    .contains("openssl rand -base64 32");
        });
    }

    @Test
    void refusesAShortSecretWithoutEchoingIt() {
        runner.withSystemProperties("POBLYSH_CURSOR_SECRET=tooShortSecretValue").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("at least 32 characters")
                    .doesNotContain("tooShortSecretValue");
        });
    }

    @Test
    void takesTheSecretFromTheEnvironmentVariable() {
        runner.withSystemProperties("POBLYSH_CURSOR_SECRET=" + SECRET).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(QueryProperties.class).cursorSecret()).isEqualTo(SECRET);
            assertThat(context.getBean(QueryProperties.class).toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void hasADevelopmentSecretInTheTestProfile() {
        runner.withPropertyValues("spring.profiles.active=test").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Pager.class);
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
