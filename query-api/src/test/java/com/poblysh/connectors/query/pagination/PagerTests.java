package com.poblysh.connectors.query.pagination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.common.web.ApiException;
import com.poblysh.connectors.query.QueryProperties;
import com.poblysh.connectors.query.web.FieldErrors;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PagerTests {

    record Row(Instant at, UUID id) {
    }

    private final Pager pager = new Pager(new QueryProperties("a-test-secret-that-is-long-enough-for-hmac"));
    private final TenantId tenant = TenantId.of(UUID.randomUUID());
    private final CursorScope scope = CursorScope.of("signals", Map.of());

    @Test
    void defaultsTheLimitTo50AndStartsAtTheFirstPage() {
        PageRequest request = pager.request(tenant, scope, null, null, errors());

        assertThat(request.limit()).isEqualTo(50);
        assertThat(request.fetchSize()).isEqualTo(51);
        assertThat(request.isFirstPage()).isTrue();
    }

    @Test
    void servesNoNextCursorWhenTheExtraRowDidNotComeBack() {
        PageRequest request = pager.request(tenant, scope, "3", null, errors());

        Page<Row> page = pager.page(request, rows(3), Row::at, Row::id);

        assertThat(page.items()).hasSize(3);
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void pointsTheNextCursorAfterTheLastServedRow() {
        PageRequest request = pager.request(tenant, scope, "3", null, errors());
        List<Row> fetched = rows(4);

        Page<Row> page = pager.page(request, fetched, Row::at, Row::id);

        assertThat(page.items()).containsExactlyElementsOf(fetched.subList(0, 3));
        PageRequest next = pager.request(tenant, scope, "3", page.nextCursor(), errors());
        assertThat(next.after().at()).isEqualTo(fetched.get(2).at());
        assertThat(next.after().id()).isEqualTo(fetched.get(2).id());
    }

    @Test
    void rejectsACursorOfAnotherTenantOrOtherFilters() {
        String cursor = pager.page(pager.request(tenant, scope, "1", null, errors()), rows(2), Row::at, Row::id)
                .nextCursor();

        assertThat(cursorProblem(errors -> pager.request(TenantId.of(UUID.randomUUID()), scope, null, cursor, errors)))
                .isEqualTo("cursor was not issued for this tenant");
        assertThat(cursorProblem(errors -> pager.request(tenant, CursorScope.of("signals", Map.of("kind", "pr_merged")),
                null, cursor, errors))).startsWith("cursor was issued for other filters");
    }

    @Test
    void rejectsAnEmptyCursor() {
        assertThat(cursorProblem(errors -> pager.request(tenant, scope, null, "", errors)))
                .startsWith("cursor must not be empty");
    }

    @Test
    void rejectsLimitsOutsideOneToHundred() {
        for (String limit : List.of("0", "101", "-1", "abc", "", "1.5", "9999999999")) {
            FieldErrors errors = errors();
            pager.request(tenant, scope, limit, null, errors);
            assertThatThrownBy(errors::throwIfAny).as(limit).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.details()).containsKey("limit"));
        }
        assertThat(pager.request(tenant, scope, "1", null, errors()).limit()).isEqualTo(1);
        assertThat(pager.request(tenant, scope, "100", null, errors()).limit()).isEqualTo(100);
    }

    /** The {@code details.cursor} the request collects. */
    private static String cursorProblem(Function<FieldErrors, PageRequest> request) {
        FieldErrors errors = errors();
        request.apply(errors);
        try {
            errors.throwIfAny();
        } catch (ApiException e) {
            return String.valueOf(e.details().get("cursor"));
        }
        throw new AssertionError("cursor was accepted");
    }

    private static FieldErrors errors() {
        return FieldErrors.checkParameters(new MockHttpServletRequest(), Set.of());
    }

    private static List<Row> rows(int count) {
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        return IntStream.range(0, count).mapToObj(i -> new Row(base.minusMillis(i), UUID.randomUUID())).toList();
    }
}
