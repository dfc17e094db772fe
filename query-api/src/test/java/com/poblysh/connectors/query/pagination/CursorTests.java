package com.poblysh.connectors.query.pagination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;
import org.junit.jupiter.api.Test;

class CursorTests {

    private static final CursorKey KEY = CursorKey.of("a-test-secret-that-is-long-enough-for-hmac");
    private static final TenantId TENANT = TenantId.of(UUID.randomUUID());
    private static final CursorScope SCOPE = CursorScope.of("signals", Map.of("provider", "github"));
    private static final Instant AT = Instant.parse("2025-03-14T15:09:26.535897Z");
    private static final UUID ID = UUID.fromString("ffffffff-0000-4000-8000-000000000001");

    @Test
    void roundTripsWithMicrosecondPrecision() {
        Cursor cursor = Cursor.of(TENANT, SCOPE, AT, ID);

        Cursor parsed = Cursor.parse(cursor.encode(KEY), KEY);

        assertThat(parsed).isEqualTo(cursor);
        assertThat(parsed.at()).isEqualTo(AT);
        assertThat(parsed.id()).isEqualTo(ID);
        assertThat(parsed.tenant()).isEqualTo(TENANT);
        assertThat(parsed.matches(SCOPE)).isTrue();
    }

    @Test
    void isUrlSafeAndOf119Characters() {
        String text = Cursor.of(TENANT, SCOPE, AT, ID).encode(KEY);

        assertThat(text).hasSize(119).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void keepsPositionsBeforeTheEpoch() {
        Instant old = Instant.parse("1969-12-31T23:59:59.999999Z");

        assertThat(Cursor.parse(Cursor.of(TENANT, SCOPE, old, ID).encode(KEY), KEY).at()).isEqualTo(old);
    }

    @Test
    void refusesPositionsFinerThanMicroseconds() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Cursor.of(TENANT, SCOPE, AT.plusNanos(1), ID));
    }

    @Test
    void rejectsAnyAlteredCharacter() {
        String text = Cursor.of(TENANT, SCOPE, AT, ID).encode(KEY);
        // the last character also carries two padding bits the decoder ignores, so alter every other one
        for (int i = 0; i < text.length() - 1; i++) {
            String tampered = text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
            assertThatIllegalArgumentException().as("altered at %d", i).isThrownBy(() -> Cursor.parse(tampered, KEY));
        }
    }

    @Test
    void rejectsACursorSignedWithAnotherSecret() {
        String foreign = Cursor.of(TENANT, SCOPE, AT, ID).encode(CursorKey.of("another-secret-of-sufficient-length-x"));

        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse(foreign, KEY))
                .withMessage("cursor signature is invalid");
    }

    @Test
    void rejectsOversizedTextBeforeDecoding() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse("A".repeat(Cursor.MAX_LENGTH + 1), KEY))
                .withMessage("cursor is too long");
    }

    @Test
    void rejectsMalformedText() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse("not a cursor!", KEY))
                .withMessage("cursor is malformed");
        assertThatIllegalArgumentException().isThrownBy(() -> Cursor.parse("AAAA", KEY))
                .withMessage("cursor is malformed");
    }

    @Test
    void bindsTheScope() {
        Cursor cursor = Cursor.parse(Cursor.of(TENANT, SCOPE, AT, ID).encode(KEY), KEY);

        assertThat(cursor.matches(CursorScope.of("signals", Map.of("provider", "slack")))).isFalse();
        assertThat(cursor.matches(CursorScope.of("signals", Map.of()))).isFalse();
        assertThat(cursor.matches(CursorScope.of("jobs", Map.of("provider", "github")))).isFalse();
    }

    @Test
    void scopeIgnoresFilterOrderAndAbsentFilters() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("kind", "pr_merged");
        withNull.put("provider", "github");
        withNull.put("connection_id", null);

        assertThat(CursorScope.of("signals", withNull))
                .isEqualTo(CursorScope.of("signals", Map.of("provider", "github", "kind", "pr_merged")))
                .hasToString("signals?kind=pr_merged&provider=github");
    }

    @Test
    void keyRefusesShortSecrets() {
        assertThatIllegalArgumentException().isThrownBy(() -> CursorKey.of("tiny-secret-value"))
                .withMessageContaining("at least 32 characters")
                .withMessageNotContaining("tiny-secret-value");
    }
}
