package com.poblysh.connectors.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExternalIdentityTests {

    @ParameterizedTest
    @EnumSource(IdentityKind.class)
    void everyKindIsFoundAgainUnderItsProviderAndStoredName(IdentityKind kind) {
        assertThat(IdentityKind.of(kind.provider(), kind.id())).contains(kind);
    }

    @Test
    void aStoredNameOfAnotherProviderIsNotAKind() {
        assertThat(IdentityKind.of(Provider.JIRA, "team")).isEmpty();
        assertThat(IdentityKind.of(Provider.SLACK, "unknown")).isEmpty();
    }

    @Test
    void printsAsProviderKindAndValue() {
        assertThat(ExternalIdentity.of(IdentityKind.GITHUB_REPOSITORY, "1296269"))
                .hasToString("github:repository=1296269");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "line\nbreak", "tab\t"})
    void refusesValuesThatAreNoIds(String value) {
        assertThat(ExternalIdentity.isValid(value)).isFalse();
        assertThatThrownBy(() -> ExternalIdentity.of(IdentityKind.SLACK_TEAM, value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesValuesLongerThanAnyProviderId() {
        assertThat(ExternalIdentity.isValid("x".repeat(ExternalIdentity.MAX_LENGTH))).isTrue();
        assertThat(ExternalIdentity.isValid("x".repeat(ExternalIdentity.MAX_LENGTH + 1))).isFalse();
    }
}
