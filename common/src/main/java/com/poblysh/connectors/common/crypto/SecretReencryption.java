package com.poblysh.connectors.common.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves every stored secret sealed with a key other than the primary one to the primary key, a bounded batch of rows
 * per transaction: the connections' access tokens, refresh tokens and webhook secrets, and the OAuth states' code
 * verifiers. Rows are locked {@code FOR UPDATE SKIP LOCKED}, so a row another writer holds (a token being renewed)
 * is left for the next pass, and two instances running it never write the same row twice. A secret that does not
 * decrypt (its key is not configured) is left as it is, counted and logged at ERROR with its row: the operator must
 * not remove a key while {@link #census()} still finds it.
 */
public final class SecretReencryption {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryption.class);

    private static final List<String> CONNECTION_COLUMNS =
            List.of("access_token_ciphertext", "refresh_token_ciphertext", "webhook_secret_ciphertext");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;
    private final int batchSize;

    public SecretReencryption(JdbcClient jdbc, PlatformTransactionManager transactions, SecretCipher cipher,
            int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.cipher = cipher;
        this.batchSize = batchSize;
    }

    /** What one pass did: secrets moved to the primary key, secrets that do not decrypt, transactions run. */
    public record Pass(int reencrypted, int unreadable, int batches) {
    }

    /** One pass over every table, batch after batch, until no row sealed with another key is left unvisited. */
    public Pass runOnce() {
        int[] totals = new int[3];
        UUID after = new UUID(0, 0); // the smallest uuid in Postgres' order
        boolean first = true;
        while (true) {
            UUID from = after;
            boolean inclusive = first;
            Batch batch = transactions.execute(status -> connectionsBatch(from, inclusive));
            totals[0] += batch.reencrypted();
            totals[1] += batch.unreadable();
            totals[2]++;
            if (batch.last() == null) {
                break;
            }
            after = (UUID) batch.last();
            first = false;
        }
        byte[] afterHash = new byte[0];
        while (true) {
            byte[] from = afterHash;
            Batch batch = transactions.execute(status -> statesBatch(from));
            totals[0] += batch.reencrypted();
            totals[1] += batch.unreadable();
            totals[2]++;
            if (batch.last() == null) {
                break;
            }
            afterHash = (byte[]) batch.last();
        }
        Pass pass = new Pass(totals[0], totals[1], totals[2]);
        if (pass.unreadable() > 0) {
            log.error("Key rotation: {} secrets do not decrypt with any configured key {}; do not remove a key until "
                    + "`secret_key_id` finds none under it", pass.unreadable(), cipher.keyIds());
        } else if (pass.reencrypted() > 0) {
            log.info("Key rotation: re-encrypted {} secrets with primary key '{}' in {} batches", pass.reencrypted(),
                    cipher.primaryKeyId(), pass.batches());
        }
        return pass;
    }

    /**
     * How many stored secrets each key id sealed, over every secret column ({@code (legacy)}: sealed before key ids).
     * Once it holds only the primary key, the other keys can be removed.
     */
    public Map<String, Long> census() {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> selects = new ArrayList<>();
        for (String column : CONNECTION_COLUMNS) {
            selects.add("SELECT secret_key_id(" + column + ") AS key_id FROM connections WHERE " + column
                    + " IS NOT NULL");
        }
        selects.add("SELECT secret_key_id(code_verifier_ciphertext) FROM oauth_states "
                + "WHERE code_verifier_ciphertext IS NOT NULL");
        jdbc.sql("SELECT key_id, count(*) FROM (" + String.join(" UNION ALL ", selects) + ") s GROUP BY key_id "
                        + "ORDER BY key_id")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    private record Batch(int reencrypted, int unreadable, Object last) {
    }

    private Batch connectionsBatch(UUID after, boolean inclusive) {
        String stale = String.join(" OR ", CONNECTION_COLUMNS.stream()
                .map(c -> "secret_key_id(" + c + ") IS DISTINCT FROM :primary AND " + c + " IS NOT NULL").toList());
        List<Object[]> rows = jdbc.sql("SELECT id, " + String.join(", ", CONNECTION_COLUMNS) + " FROM connections "
                        + "WHERE id " + (inclusive ? ">=" : ">") + " :after AND (" + stale + ") "
                        + "ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
                .param("after", after).param("primary", cipher.primaryKeyId()).param("limit", batchSize)
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getBytes(2), rs.getBytes(3),
                        rs.getBytes(4)})
                .list();
        int reencrypted = 0;
        int unreadable = 0;
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            List<Function<UUID, SecretBinding>> bindings =
                    List.of(SecretBinding::accessToken, SecretBinding::refreshToken, SecretBinding::webhookSecret);
            for (int c = 0; c < CONNECTION_COLUMNS.size(); c++) {
                byte[] sealed = (byte[]) row[c + 1];
                if (sealed == null || cipher.isSealedWithPrimary(sealed)) {
                    continue;
                }
                SecretBinding binding = bindings.get(c).apply(id);
                byte[] moved = reencrypt(sealed, binding);
                if (moved == null) {
                    unreadable++;
                    continue;
                }
                jdbc.sql("UPDATE connections SET " + CONNECTION_COLUMNS.get(c) + " = :moved WHERE id = :id")
                        .param("moved", moved).param("id", id).update();
                reencrypted++;
            }
        }
        return new Batch(reencrypted, unreadable, rows.size() < batchSize ? null : rows.get(rows.size() - 1)[0]);
    }

    private Batch statesBatch(byte[] after) {
        List<Object[]> rows = jdbc.sql("""
                        SELECT state_hash, code_verifier_ciphertext FROM oauth_states
                        WHERE state_hash > :after AND code_verifier_ciphertext IS NOT NULL
                          AND secret_key_id(code_verifier_ciphertext) IS DISTINCT FROM :primary
                        ORDER BY state_hash LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("after", after).param("primary", cipher.primaryKeyId()).param("limit", batchSize)
                .query((rs, i) -> new Object[] {rs.getBytes(1), rs.getBytes(2)})
                .list();
        int reencrypted = 0;
        int unreadable = 0;
        for (Object[] row : rows) {
            byte[] hash = (byte[]) row[0];
            byte[] moved = reencrypt((byte[]) row[1], SecretBinding.codeVerifier(hash));
            if (moved == null) {
                unreadable++;
                continue;
            }
            jdbc.sql("UPDATE oauth_states SET code_verifier_ciphertext = :moved WHERE state_hash = :hash")
                    .param("moved", moved).param("hash", hash).update();
            reencrypted++;
        }
        return new Batch(reencrypted, unreadable, rows.size() < batchSize ? null : rows.get(rows.size() - 1)[0]);
    }

    private byte[] reencrypt(byte[] sealed, SecretBinding binding) {
        try {
            return cipher.reencrypt(sealed, binding);
        } catch (UnknownKeyException | IllegalArgumentException e) {
            log.error("Key rotation: {} does not decrypt, left as it is: {}", binding, e.getMessage());
            return null;
        }
    }
}
