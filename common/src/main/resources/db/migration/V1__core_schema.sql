-- Core schema of Poblysh Connectors. Every table carries tenant_id and every index starts with it, so each query
-- stays single-tenant (and the schema can be distributed by tenant_id on Citus later).

CREATE TABLE connections (
    id                        uuid        PRIMARY KEY,
    tenant_id                 uuid        NOT NULL,
    provider                  text        NOT NULL,
    external_id               text        NOT NULL,
    display_name              text,
    status                    text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'error')),
    access_token_ciphertext   bytea,
    refresh_token_ciphertext  bytea,
    expires_at                timestamptz,
    scopes                    text[]      NOT NULL DEFAULT '{}',
    metadata                  jsonb       NOT NULL DEFAULT '{}',
    webhook_secret_ciphertext bytea,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_tenant_provider_external UNIQUE (tenant_id, provider, external_id)
);
CREATE UNIQUE INDEX connections_tenant_id ON connections (tenant_id, id);
CREATE INDEX connections_tenant_list ON connections (tenant_id, created_at DESC, id DESC);

-- Signals are range-partitioned by month on occurred_at: retention is a partition drop, indexes stay small.
-- Postgres requires a partitioned table's unique constraints to contain the partition key, so uniqueness is
-- declared on (tenant_id, dedupe_key, occurred_at). That is equivalent to (tenant_id, dedupe_key): a signal's
-- occurred_at is computed from the raw event alone, so a redelivery or replay yields the same triple.
CREATE TABLE signals (
    id              uuid        NOT NULL,
    tenant_id       uuid        NOT NULL,
    provider        text        NOT NULL,
    connection_id   uuid,
    kind            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    actor           text,
    title           text,
    url             text,
    payload         jsonb,
    source_event_id uuid        NOT NULL,
    dedupe_key      text        NOT NULL,
    CONSTRAINT signals_pk PRIMARY KEY (tenant_id, occurred_at, id),
    CONSTRAINT signals_dedupe UNIQUE (tenant_id, dedupe_key, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Keyset order is occurred_at DESC, id DESC; the primary key serves the unfiltered list, these the filters.
CREATE INDEX signals_by_id ON signals (tenant_id, id);
CREATE INDEX signals_by_provider ON signals (tenant_id, provider, occurred_at DESC, id DESC);
CREATE INDEX signals_by_kind ON signals (tenant_id, kind, occurred_at DESC, id DESC);
CREATE INDEX signals_by_connection ON signals (tenant_id, connection_id, occurred_at DESC, id DESC);

-- Rows outside every monthly partition (old provider history, clock skew) land here instead of failing.
CREATE TABLE signals_default PARTITION OF signals DEFAULT;

-- Creates the monthly partitions from the month of first_month for months_ahead months, skipping those that
-- exist. A month whose rows already sit in the default partition is left there (creating it would fail).
CREATE FUNCTION ensure_signal_partitions(first_month date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    created integer := 0;
    month_start date;
    partition_name text;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', first_month) + make_interval(months => i))::date;
        partition_name := 'signals_' || to_char(month_start, 'YYYY_MM');
        IF to_regclass(partition_name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF signals FOR VALUES FROM (%L) TO (%L)',
                               partition_name, month_start, (month_start + interval '1 month')::date);
                created := created + 1;
            EXCEPTION WHEN check_violation THEN
                RAISE NOTICE 'rows for % are in signals_default; partition not created', partition_name;
            END;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT ensure_signal_partitions((now() - interval '3 months')::date, 7);

CREATE TABLE sync_jobs (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    provider      text        NOT NULL,
    connection_id uuid        NOT NULL,
    job_type      text        NOT NULL CHECK (job_type IN ('full', 'incremental', 'webhook', 'replay')),
    status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    priority      integer     NOT NULL DEFAULT 0,
    attempts      integer     NOT NULL DEFAULT 0,
    scheduled_at  timestamptz NOT NULL DEFAULT now(),
    retry_after   timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    cursor        jsonb,
    error         jsonb,
    CONSTRAINT sync_jobs_connection FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE
);
-- At most one queued or running job per connection and type.
CREATE UNIQUE INDEX sync_jobs_one_active ON sync_jobs (tenant_id, connection_id, job_type)
    WHERE status IN ('queued', 'running');
CREATE INDEX sync_jobs_tenant_list ON sync_jobs (tenant_id, scheduled_at DESC, id DESC);
CREATE INDEX sync_jobs_tenant_status ON sync_jobs (tenant_id, status, scheduled_at DESC, id DESC);
CREATE INDEX sync_jobs_tenant_connection ON sync_jobs (tenant_id, connection_id, scheduled_at DESC, id DESC);
-- The claim query (FOR UPDATE SKIP LOCKED) scans due queued jobs across tenants.
CREATE INDEX sync_jobs_due ON sync_jobs (scheduled_at, priority DESC) WHERE status = 'queued';

CREATE TABLE oauth_states (
    state_hash    bytea       PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    provider      text        NOT NULL,
    code_verifier_ciphertext bytea,
    redirect_uri  text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    consumed_at   timestamptz
);
CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

CREATE TABLE audit_log (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target_type text        NOT NULL,
    target_id   text,
    details     jsonb       NOT NULL DEFAULT '{}',
    trace_id    text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, created_at DESC, id DESC);

CREATE TABLE operation_runs (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid,
    kind        text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    target_id   text,
    progress    jsonb       NOT NULL DEFAULT '{}',
    error       jsonb,
    started_by  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX operation_runs_tenant ON operation_runs (tenant_id, created_at DESC, id DESC);
