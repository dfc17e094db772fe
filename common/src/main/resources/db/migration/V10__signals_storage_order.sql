-- Storage order for readers that follow everything stored since their last read (GET /signals?order=stored).
-- occurred_at is the provider's time, so a signal stored late (a backlog, a retry, a poll, a redrive) sorts behind
-- what such a reader has already passed. The storing transaction's id orders rows by when they were written, and
-- a reader serves only rows older than every transaction still running (pg_snapshot_xmin), so a slow writer's row
-- that commits after a younger one is held back until it is visible, never skipped.
ALTER TABLE signals ADD COLUMN stored_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX signals_by_storage ON signals (tenant_id, stored_xid, id);
