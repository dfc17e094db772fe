package com.poblysh.connectors.query.pagination;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.QueryProperties;
import com.poblysh.connectors.query.web.FieldErrors;
import org.springframework.stereotype.Component;

/**
 * Keyset paging shared by every list ({@code /signals}, {@code /connections}, {@code /jobs}): validates
 * {@code limit} and {@code cursor} into a {@link PageRequest}, and turns the {@code limit + 1} rows a repository
 * fetched into a {@link Page} with its {@code next_cursor}. Lists sort by (timestamp DESC, id DESC); the
 * repository continues with {@code (ts, id) < (after.at, after.id)} ({@link PageRequest#appendKeyset}), never
 * with OFFSET.
 */
@Component
public class Pager {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private final CursorKey key;

    public Pager(QueryProperties properties) {
        this.key = CursorKey.of(properties.cursorSecret());
    }

    /**
     * Validates the paging parameters into {@code errors} ({@code details.limit}, {@code details.cursor}); the
     * caller throws after validating its filters too. A cursor must verify, belong to {@code tenant} and have
     * been issued for exactly {@code scope}.
     */
    public PageRequest request(TenantId tenant, CursorScope scope, String limit, String cursor, FieldErrors errors) {
        Cursor after = cursor == null ? null : cursor(tenant, scope, cursor, errors);
        return new PageRequest(tenant, scope, limit(limit, errors), after);
    }

    /**
     * The page served from {@code fetched} (up to {@link PageRequest#fetchSize()} rows in list order): a next
     * cursor exists exactly when the extra row came back, and points after the last row served.
     */
    public <T> Page<T> page(PageRequest request, List<T> fetched, Function<T, Instant> at, Function<T, UUID> id) {
        if (fetched.size() <= request.limit()) {
            return new Page<>(fetched, null);
        }
        List<T> served = fetched.subList(0, request.limit());
        T last = served.get(served.size() - 1);
        String next = Cursor.of(request.tenant(), request.scope(), at.apply(last), id.apply(last)).encode(key);
        return new Page<>(served, next);
    }

    /**
     * The page of a list in storage order, which a reader follows for good: its {@code next_cursor} points after the
     * last row served, or repeats the request's position when nothing new was stored, so it is null only while the
     * list has never had a row. More rows may follow at once exactly when the page is full.
     */
    public <T> Page<T> storagePage(PageRequest request, List<T> fetched, ToLongFunction<T> position,
            Function<T, UUID> id) {
        List<T> served = fetched.size() <= request.limit() ? fetched : fetched.subList(0, request.limit());
        if (served.isEmpty()) {
            return new Page<>(served, request.after() == null ? null : request.after().encode(key));
        }
        T last = served.get(served.size() - 1);
        return new Page<>(served, Cursor.atPosition(request.tenant(), request.scope(), position.applyAsLong(last),
                id.apply(last)).encode(key));
    }

    private static int limit(String raw, FieldErrors errors) {
        if (raw == null || errors.has("limit")) {
            return DEFAULT_LIMIT;
        }
        if (DIGITS.matcher(raw).matches()) {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        errors.reject("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
        return DEFAULT_LIMIT;
    }

    private Cursor cursor(TenantId tenant, CursorScope scope, String raw, FieldErrors errors) {
        if (errors.has("cursor")) {
            return null;
        }
        if (raw.isEmpty()) {
            // an empty cursor is a client bug (a null next_cursor sent back); restarting silently could loop
            errors.reject("cursor", "cursor must not be empty; omit it for the first page");
            return null;
        }
        Cursor cursor;
        try {
            cursor = Cursor.parse(raw, key);
        } catch (IllegalArgumentException e) {
            errors.reject("cursor", e.getMessage());
            return null;
        }
        if (!cursor.tenant().equals(tenant)) {
            errors.reject("cursor", "cursor was not issued for this tenant");
            return null;
        }
        // With other parameters invalid the scope is not what the client meant, so a mismatch would only add noise.
        if (errors.isEmpty() && !cursor.matches(scope)) {
            errors.reject("cursor", "cursor was issued for other filters; repeat the original filters or start "
                    + "again without a cursor");
            return null;
        }
        return cursor;
    }
}
