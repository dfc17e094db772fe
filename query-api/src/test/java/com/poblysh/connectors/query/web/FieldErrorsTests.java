package com.poblysh.connectors.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;

import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.common.web.ProblemCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class FieldErrorsTests {

    private final FieldErrors errors = FieldErrors.checkParameters(new MockHttpServletRequest(), Set.of());

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T12:00:00Z, 2024-05-01T12:00:00Z",
            "2024-05-01t12:00:00z, 2024-05-01T12:00:00Z",
            "2024-05-01T14:00:00+02:00, 2024-05-01T12:00:00Z",
            "2024-05-01T10:00:00.123456-02:00, 2024-05-01T12:00:00.123456Z",
            "2024-05-01T12:00:00.123456789Z, 2024-05-01T12:00:00.123456789Z"})
    void parsesRfc3339WithOffset(String raw, String expected) {
        assertThat(errors.timestamp("t", raw)).isEqualTo(Instant.parse(expected));
        assertThatNoException().isThrownBy(errors::throwIfAny);
    }

    @Test
    void readsASpaceBeforeTheOffsetAsTheUnencodedPlusSign() {
        assertThat(errors.timestamp("t", "2024-05-01T14:00:00 02:00")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "2024-05-01T12:00:00", "2024-05-01T12:00Z", "2024-13-01T00:00:00Z",
            "2024-05-01T12:00:00+25:00", "yesterday", "1714564800", "2024-05-01 12:00:00Z", ""})
    void rejectsAnythingElseAsATimestamp(String raw) {
        assertThat(errors.timestamp("occurred_after", raw)).isNull();
        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
            assertThat(e.details()).containsOnlyKeys("occurred_after");
        });
    }

    @Test
    void rejectsUnknownAndRepeatedParameters() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addParameter("provder", "github");
        request.addParameter("limit", "1", "2");
        request.addParameter("kind", "pr_merged");

        FieldErrors checked = FieldErrors.checkParameters(request, Set.of("limit", "kind"));

        assertThatThrownBy(checked::throwIfAny).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details()).containsOnlyKeys("provder", "limit");
            assertThat(e.getMessage()).isEqualTo("2 parameters are invalid; see details");
        });
    }

    @Test
    void keepsTheFirstReasonPerField() {
        errors.reject("limit", "first");
        errors.reject("limit", "second");

        assertThatThrownBy(errors::throwIfAny).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details()).containsEntry("limit", "first");
            assertThat(e.getMessage()).isEqualTo("first");
        });
    }

    @Test
    void acceptsOnlyTrueOrFalseAsFlags() {
        assertThat(errors.flag("include_payload", null, false)).isFalse();
        assertThat(errors.flag("include_payload", "TRUE", false)).isTrue();
        assertThat(errors.flag("include_payload", "false", true)).isFalse();
        assertThat(errors.isEmpty()).isTrue();

        errors.flag("include_payload", "yes", false);

        assertThat(errors.has("include_payload")).isTrue();
    }
}
