-- One signal per (tenant, dedupe key), by construction. signals is partitioned by occurred_at, so its unique
-- constraints must include occurred_at and cannot stop a second row with another time; an "insert unless the id
-- exists" check races as soon as two writers handle one tenant (a rebalance, a replay in a second consumer group,
-- more partitions). A writer first claims the key here, in the same transaction as the signal row: a second writer
-- of the same key waits for the first and then finds it claimed.
CREATE TABLE signal_keys (
    tenant_id   uuid        NOT NULL,
    dedupe_key  text        NOT NULL,
    signal_id   uuid        NOT NULL,
    occurred_at timestamptz NOT NULL,
    CONSTRAINT signal_keys_pk PRIMARY KEY (tenant_id, dedupe_key)
);

INSERT INTO signal_keys (tenant_id, dedupe_key, signal_id, occurred_at)
SELECT DISTINCT ON (tenant_id, dedupe_key) tenant_id, dedupe_key, id, occurred_at
FROM signals
ORDER BY tenant_id, dedupe_key, received_at, id;
