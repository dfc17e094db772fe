-- A sync (or webhook upkeep) asked for while a job of that type had already started reading is coalesced into it
-- (sync_jobs_one_active), but the running job may already have passed the change that asked. The request is noted
-- on the job; when the job succeeds, another one is queued (an incremental after a full), so no change waits for
-- the next scheduled sync.
ALTER TABLE sync_jobs ADD COLUMN requested_again_at timestamptz;

-- A provider asked for a webhook subscription to be renewed or recreated now (Microsoft Graph's
-- reauthorizationRequired and subscriptionRemoved lifecycle notifications); the next provision run does it.
ALTER TABLE connection_webhooks ADD COLUMN renewal_requested_at timestamptz;
