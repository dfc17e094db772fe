-- Replays, rebuilds and dead-letter redrives (connectors-admin and the operator endpoints of query-api).

-- Which version of its provider's normalization computed a signal. A rebuild replays raw events and updates a
-- signal in place only when the replayed result is at least as new and differs, or is newer; it never downgrades.
ALTER TABLE signals ADD COLUMN normalization_version integer NOT NULL DEFAULT 1;

-- Operation runs become tenantless operations too (a replay of every tenant), can be asked to stop, and remember
-- what they were asked (filters) and where they are (progress holds the counts and the per-partition checkpoint).
ALTER TABLE operation_runs DROP CONSTRAINT operation_runs_status_check;
ALTER TABLE operation_runs ADD CONSTRAINT operation_runs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
ALTER TABLE operation_runs ADD COLUMN filters jsonb NOT NULL DEFAULT '{}';
ALTER TABLE operation_runs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;
ALTER TABLE operation_runs ADD COLUMN updated_at timestamptz;
CREATE INDEX operation_runs_queued ON operation_runs (kind, created_at) WHERE status = 'queued';
CREATE INDEX operation_runs_by_kind ON operation_runs (kind, created_at DESC, id DESC);

-- Dead letters that a redrive turned into signals (or found already handled): a later redrive skips them, and
-- `dlt list` shows them as redriven. Keyed by their coordinates on connectors.raw-events.dlt.
CREATE TABLE dead_letter_redrives (
    dlt_partition integer     NOT NULL,
    dlt_offset    bigint      NOT NULL,
    run_id        uuid        NOT NULL,
    tenant_id     uuid,
    redriven_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dead_letter_redrives_pk PRIMARY KEY (dlt_partition, dlt_offset)
);
