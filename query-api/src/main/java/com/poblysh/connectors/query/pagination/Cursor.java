package com.poblysh.connectors.query.pagination;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

import com.poblysh.connectors.common.tenancy.TenantId;

/**
 * Where a keyset-paginated list continues: the sort timestamp and id of the last row served, bound to the tenant
 * and the {@link CursorScope} (list + filters) it was issued for, and signed so it cannot be altered.
 *
 * <p>Text form: unpadded base64url ({@code [A-Za-z0-9_-]}) of 89 bytes, i.e. 119 characters; anything over
 * {@value #MAX_LENGTH} characters is refused before decoding.
 * <pre>
 * offset  size  field
 *      0     1  version, 0x01
 *      1    16  tenant id (UUID, big-endian)
 *     17    16  scope hash: first 16 bytes of SHA-256 of the canonical list + filters
 *     33     8  sort key of the last row: its timestamp in microseconds since the epoch, or (lists in storage
 *               order) its storage position (signed, big-endian)
 *     41    16  id of the last row (UUID, big-endian)
 *     57    32  HMAC-SHA256 of bytes 0..56 with POBLYSH_CURSOR_SECRET
 * </pre>
 * Microseconds match PostgreSQL's {@code timestamptz}, so the position is exact: no row is skipped or repeated
 * when many rows share one timestamp (the id breaks the tie).
 */
public final class Cursor {

    /** Longest cursor text accepted; real ones are 119 characters. */
    public static final int MAX_LENGTH = 512;
    private static final byte VERSION = 1;
    private static final int BODY_BYTES = 1 + 16 + CursorScope.HASH_BYTES + 8 + 16;
    private static final int TOTAL_BYTES = BODY_BYTES + CursorKey.MAC_BYTES;

    private final TenantId tenant;
    private final byte[] scopeHash;
    private final Instant at;
    private final UUID id;

    private Cursor(TenantId tenant, byte[] scopeHash, Instant at, UUID id) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.scopeHash = scopeHash;
        this.at = Objects.requireNonNull(at, "at");
        this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * The position after the row ({@code at}, {@code id}) of a list in {@code scope} for {@code tenant}.
     *
     * @throws IllegalArgumentException when {@code at} has sub-microsecond digits (it did not come from the
     *                                  database, and the position would not be exact)
     */
    public static Cursor of(TenantId tenant, CursorScope scope, Instant at, UUID id) {
        if (!at.truncatedTo(ChronoUnit.MICROS).equals(at)) {
            throw new IllegalArgumentException("cursor positions have microsecond precision, got " + at);
        }
        return new Cursor(tenant, scope.hash(), at, id);
    }

    /**
     * The position after the row stored at {@code position} (see {@code signals.stored_xid}) with {@code id}, of a
     * list in storage order; {@link #position()} reads it back.
     */
    public static Cursor atPosition(TenantId tenant, CursorScope scope, long position, UUID id) {
        return new Cursor(tenant, scope.hash(), Instant.EPOCH.plus(position, ChronoUnit.MICROS), id);
    }

    /**
     * Decodes and verifies {@code text}; the caller then checks {@link #tenant()} and {@link #matches}.
     *
     * @throws IllegalArgumentException when it is too long, malformed, of another version, or its signature does
     *                                  not match (tampered, or signed with another secret)
     */
    public static Cursor parse(String text, CursorKey key) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cursor is too long");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is malformed");
        }
        if (bytes.length != TOTAL_BYTES || bytes[0] != VERSION) {
            throw new IllegalArgumentException("cursor is malformed");
        }
        if (!key.verify(bytes, BODY_BYTES, Arrays.copyOfRange(bytes, BODY_BYTES, TOTAL_BYTES))) {
            throw new IllegalArgumentException("cursor signature is invalid");
        }
        ByteBuffer body = ByteBuffer.wrap(bytes, 1, BODY_BYTES - 1);
        TenantId tenant = TenantId.of(new UUID(body.getLong(), body.getLong()));
        byte[] scopeHash = new byte[CursorScope.HASH_BYTES];
        body.get(scopeHash);
        Instant at = Instant.EPOCH.plus(body.getLong(), ChronoUnit.MICROS); // any long fits an Instant
        UUID id = new UUID(body.getLong(), body.getLong());
        return new Cursor(tenant, scopeHash, at, id);
    }

    /** The signed text form (see the class comment). */
    public String encode(CursorKey key) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        ByteBuffer buffer = ByteBuffer.allocate(TOTAL_BYTES)
                .put(VERSION)
                .putLong(tenant.value().getMostSignificantBits()).putLong(tenant.value().getLeastSignificantBits())
                .put(scopeHash)
                .putLong(micros)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        buffer.put(key.sign(buffer.array(), BODY_BYTES));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** The tenant the cursor was issued to. */
    public TenantId tenant() {
        return tenant;
    }

    /** Whether the cursor was issued for exactly {@code scope} (same list, same filters). */
    public boolean matches(CursorScope scope) {
        return scope.matches(scopeHash);
    }

    /** Sort timestamp of the last row served (microsecond precision). */
    public Instant at() {
        return at;
    }

    /** Storage position of the last row served, for a cursor made by {@link #atPosition}. */
    public long position() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    /** Id of the last row served. */
    public UUID id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cursor other && tenant.equals(other.tenant) && Arrays.equals(scopeHash, other.scopeHash)
                && at.equals(other.at) && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, Arrays.hashCode(scopeHash), at, id);
    }

    @Override
    public String toString() {
        return "Cursor[after " + at + "/" + id + "]";
    }
}
