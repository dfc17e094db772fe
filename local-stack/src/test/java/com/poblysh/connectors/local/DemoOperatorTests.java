package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The local run's console account: the README's defaults, changed by its two variables, never printed by toString. */
class DemoOperatorTests {

    @Test
    void defaultsToTheReadmesAccountAndTakesBothVariables() {
        assertThat(DemoOperator.fromEnvironment(Map.of()))
                .isEqualTo(new DemoOperator("demo", "local-dev-operator-password"));
        assertThat(DemoOperator.fromEnvironment(Map.of("POBLYSH_LOCAL_OPERATOR_USERNAME", "ops",
                "POBLYSH_LOCAL_OPERATOR_PASSWORD", "s3cret-for-ops")))
                .isEqualTo(new DemoOperator("ops", "s3cret-for-ops"));
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(new DemoOperator("ops", "s3cret-for-ops").toString()).contains("ops").doesNotContain("s3cret");
    }
}
