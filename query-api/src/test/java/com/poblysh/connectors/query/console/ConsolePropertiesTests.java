package com.poblysh.connectors.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Operator accounts bind from {@code POBLYSH_CONSOLE_OPERATORS_<i>_*} environment variables as the README shows, and
 * start-up refuses what would be unsafe or ambiguous: a password instead of a bcrypt hash (without echoing it), a
 * missing role, two accounts with one name.
 */
class ConsolePropertiesTests {

    private static final String HASH = "$2a$04$ogWMPH7MB7fvxvDo758gE.Ac8WHXPIswefTWa2czjeyq0GTjrchAi";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ConsoleProperties.class)
    static class ConsoleOnly {
    }

    private static ApplicationContextRunner environment(Map<String, Object> variables) {
        return new ApplicationContextRunner()
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment", variables)))
                .withUserConfiguration(ConsoleOnly.class);
    }

    @Test
    void bindsAccountsFromEnvironmentVariables() {
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        environment(Map.of(
                "POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", HASH,
                "POBLYSH_CONSOLE_OPERATORS_0_ROLE", "manager",
                "POBLYSH_CONSOLE_OPERATORS_0_TENANTS", one + "," + two,
                "POBLYSH_CONSOLE_OPERATORS_1_USERNAME", "bob",
                "POBLYSH_CONSOLE_OPERATORS_1_PASSWORD_HASH", HASH,
                "POBLYSH_CONSOLE_OPERATORS_1_ROLE", "viewer")).run(context -> {
                    assertThat(context).hasNotFailed();
                    List<ConsoleProperties.Operator> operators = context.getBean(ConsoleProperties.class).operators();
                    assertThat(operators).extracting(ConsoleProperties.Operator::username).containsExactly("alice", "bob");
                    assertThat(operators.get(0).role()).isEqualTo(OperatorRole.MANAGER);
                    assertThat(operators.get(0).tenants()).containsExactly(one, two);
                    assertThat(operators.get(1).tenants()).isEmpty();
                    assertThat(operators.get(0).toString()).doesNotContain(HASH);
                });
    }

    @Test
    void anEmptySlotAsDockerComposeSetsItIsNoAccount() {
        environment(Map.of(
                "POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", "",
                "POBLYSH_CONSOLE_OPERATORS_0_ROLE", "viewer",
                "POBLYSH_CONSOLE_OPERATORS_0_TENANTS", "")).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ConsoleProperties.class).operators()).isEmpty();
                });
        // half a slot is a mistake, not an empty slot
        environment(Map.of(
                "POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", "",
                "POBLYSH_CONSOLE_OPERATORS_0_ROLE", "viewer",
                "POBLYSH_CONSOLE_OPERATORS_0_TENANTS", "")).run(context -> assertThat(context).hasFailed());
    }

    @Test
    void noAccountsIsAllowed() {
        environment(Map.of()).run(context -> assertThat(context.getBean(ConsoleProperties.class).operators()).isEmpty());
    }

    @Test
    void refusesAPasswordWhereTheHashBelongsWithoutEchoingIt() {
        environment(Map.of("POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", "hunter2-plain-password",
                "POBLYSH_CONSOLE_OPERATORS_0_ROLE", "manager")).run(context -> {
                    ConsoleProperties properties = context.getBean(ConsoleProperties.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(properties::requireBcryptHashes)
                            .hasMessageContaining("operators[0].password-hash (operator 'alice') must be a bcrypt hash")
                            .hasMessageContaining("hash-password")
                            .hasMessageNotContaining("hunter2");
                });
    }

    @Test
    void refusesAMissingRoleAndDuplicateNames() {
        environment(Map.of("POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", HASH)).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("viewer or manager");
                });
        environment(Map.of("POBLYSH_CONSOLE_OPERATORS_0_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_0_PASSWORD_HASH", HASH, "POBLYSH_CONSOLE_OPERATORS_0_ROLE", "viewer",
                "POBLYSH_CONSOLE_OPERATORS_1_USERNAME", "alice",
                "POBLYSH_CONSOLE_OPERATORS_1_PASSWORD_HASH", HASH, "POBLYSH_CONSOLE_OPERATORS_1_ROLE", "manager"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("two operators share a username");
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
