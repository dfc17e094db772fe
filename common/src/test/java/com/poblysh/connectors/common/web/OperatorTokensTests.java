package com.poblysh.connectors.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OperatorTokensTests {

    OperatorTokens tokens = OperatorTokens.of(List.of("alpha-token", " beta-token ", ""));

    @Test
    void acceptsEveryConfiguredTokenAndNamesItWithoutRevealingIt() {
        assertThat(tokens.authenticate("alpha-token")).hasValueSatisfying(id -> assertThat(id).startsWith("tok_")
                .hasSize(16).doesNotContain("alpha"));
        assertThat(tokens.authenticate("beta-token")).isPresent();
        assertThat(tokens.authenticate("alpha-token")).isNotEqualTo(tokens.authenticate("beta-token"));
    }

    @Test
    void refusesUnknownEmptyAndPrefixTokens() {
        assertThat(tokens.authenticate("alpha")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(OperatorTokens.of(List.of(" ", "")).isEmpty()).isTrue();
    }

    @Test
    void fallsBackToTheSingleTokenSetting() {
        assertThat(new AuthProperties(List.of(), "solo", true).tokens()).containsExactly("solo");
        assertThat(new AuthProperties(List.of("a", "b"), "solo", true).tokens()).containsExactly("a", "b");
        assertThat(new AuthProperties(List.of("a"), "solo", true).toString()).doesNotContain("solo");
    }
}
