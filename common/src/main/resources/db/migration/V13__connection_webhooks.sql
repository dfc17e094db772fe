-- Webhooks the service created at a provider for a connection (GitHub repository hooks), each with its own secret,
-- and the job types that create, reconcile and sweep them.

CREATE TABLE connection_webhooks (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    connection_id     uuid        NOT NULL,
    provider          text        NOT NULL,
    -- what the hook is on at the provider, e.g. kind 'repository' and the repository id and full name
    target_kind       text        NOT NULL,
    target_id         text        NOT NULL,
    target_name       text        NOT NULL,
    -- the provider's id of the hook; null while it could not be created (last_error says why)
    external_id       text,
    -- the hook's REST URL (under the configured API root), which revocation DELETEs with the connection's token
    api_url           text,
    secret_ciphertext bytea       NOT NULL,
    expires_at        timestamptz,
    last_renewed_at   timestamptz,
    last_error        jsonb,
    -- the redelivery sweeper's cursor: the provider's delivery ids up to this one (they only grow) were looked at
    sweep_cursor      bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connection_webhooks_target UNIQUE (tenant_id, connection_id, target_kind, target_id),
    CONSTRAINT connection_webhooks_connection FOREIGN KEY (tenant_id, connection_id)
        REFERENCES connections (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX connection_webhooks_by_connection ON connection_webhooks (tenant_id, connection_id, created_at);

ALTER TABLE sync_jobs DROP CONSTRAINT sync_jobs_job_type_check;
ALTER TABLE sync_jobs ADD CONSTRAINT sync_jobs_job_type_check
    CHECK (job_type IN ('full', 'incremental', 'webhook', 'replay', 'provision', 'redeliver'));
