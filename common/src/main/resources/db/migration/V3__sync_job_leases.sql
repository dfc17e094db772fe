-- The sync engine (ingest-service, package ingest.jobs) claims due jobs with FOR UPDATE SKIP LOCKED and holds each
-- running job under a lease it extends while it works, so several ingest instances share the jobs and a crashed
-- worker's job is claimed again once its lease expired.
--   lease_owner       the engine instance holding the job, e.g. ingest-service@host/3f2a9c1e (null when not running)
--   lease_expires_at  until when it holds it; a running job past this is claimable again (its attempt counted)
--   run_id            the operation_runs row of the claim that holds (or last held) the job; every write of a worker
--                     names it, so a worker whose lease was taken over writes nothing
--   items             events published by the pages whose cursor was stored (GET /jobs shows it)
ALTER TABLE sync_jobs
    ADD COLUMN lease_owner      text,
    ADD COLUMN lease_expires_at timestamptz,
    ADD COLUMN run_id           uuid,
    ADD COLUMN items            bigint NOT NULL DEFAULT 0;

-- Like sync_jobs_due, a cross-tenant scan of the claim query: running jobs whose lease expired.
CREATE INDEX sync_jobs_lease_expiry ON sync_jobs (lease_expires_at) WHERE status = 'running';
