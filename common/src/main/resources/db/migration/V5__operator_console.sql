-- The operator console (query-api, /admin/provider-connections). Its health columns (last_synced_at, last_error)
-- come from V4.

-- Which tenants each console operator may see, and with which role. Filled from configuration
-- (poblysh.console.operators) every time a query-api instance starts, so every console query can JOIN it: an
-- operator's rows are found by a join on tenant_id, never by a list of tenant ids held in memory. A small table
-- (operators × tenants); the key starts with the operator because every lookup starts from the signed-in operator
-- (under Citus it is a reference table, present on every node beside the tenant-distributed ones).
CREATE TABLE operator_tenant_grants (
    operator   text        NOT NULL,
    tenant_id  uuid        NOT NULL,
    role       text        NOT NULL CHECK (role IN ('viewer', 'manager')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT operator_tenant_grants_pk PRIMARY KEY (operator, tenant_id)
);

-- The console's audit page lists one connection's rows newest first.
CREATE INDEX audit_log_tenant_target ON audit_log (tenant_id, target_type, target_id, created_at DESC, id DESC);
