-- What each connection covers at its provider: the identities a webhook delivery must name to be attributed to the
-- connection (GitHub repository / organization / installation ids, Slack team / enterprise / app ids, Jira cloud ids,
-- site hosts, webhook ids and JWT issuers, Microsoft Graph subscription ids). A delivery verified with a secret of
-- one of the tenant's connections is accepted only when it names an identity bound to that connection, so a delivery
-- copied from one tenant's hook and posted to another tenant's path is refused.
--   provider  the connection's provider, repeated so identity lookups need no join
--   kind      the identity kind within the provider (common.identity.IdentityKind#id), e.g. repository, team, site
--   value     the provider's id as text, exactly as deliveries carry it (Jira site hosts in lower case)
-- Written at connect time by query-api where the OAuth answer names the account (Slack team / app, Jira sites), and
-- by provisioning when it creates hooks and subscriptions. Rows stay when a connection is revoked (reconnecting
-- reactivates the same connection and its bindings); only active connections are ever matched.
CREATE TABLE connection_bindings (
    tenant_id     uuid        NOT NULL,
    connection_id uuid        NOT NULL,
    provider      text        NOT NULL,
    kind          text        NOT NULL,
    value         text        NOT NULL CHECK (length(value) BETWEEN 1 AND 256),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connection_bindings_pk PRIMARY KEY (tenant_id, connection_id, kind, value),
    CONSTRAINT connection_bindings_connection FOREIGN KEY (tenant_id, connection_id)
        REFERENCES connections (tenant_id, id) ON DELETE CASCADE
);
-- Which of the tenant's connections covers an identity.
CREATE INDEX connection_bindings_lookup ON connection_bindings (tenant_id, provider, kind, value);
-- Like sync_jobs_due, a cross-tenant lookup on purpose: a Slack app has one request URL for every workspace, so an
-- event names only its team and app, and this is how it finds the tenants that connected that workspace.
CREATE INDEX connection_bindings_identity ON connection_bindings (provider, kind, value);

-- Connections made before bindings existed: what their stored account already says.
INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
SELECT c.tenant_id, c.id, c.provider, k.kind, k.value
FROM connections c
CROSS JOIN LATERAL (VALUES
        ('team', c.metadata ->> 'team_id'),
        ('enterprise', c.metadata ->> 'enterprise_id'),
        ('app', c.metadata ->> 'app_id')) AS k (kind, value)
WHERE c.provider = 'slack' AND k.value IS NOT NULL AND k.value ~ '^[!-~]+$' AND length(k.value) <= 256
ON CONFLICT DO NOTHING;

INSERT INTO connection_bindings (tenant_id, connection_id, provider, kind, value)
SELECT c.tenant_id, c.id, c.provider, k.kind, k.value
FROM connections c
CROSS JOIN LATERAL (VALUES
        ('cloud', c.metadata ->> 'cloud_id'),
        ('site', lower(substring(c.metadata ->> 'site_url' FROM '^https?://([^/:?#]+)')))) AS k (kind, value)
WHERE c.provider = 'jira' AND k.value IS NOT NULL AND k.value ~ '^[!-~]+$' AND length(k.value) <= 256
ON CONFLICT DO NOTHING;
