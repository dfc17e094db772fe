-- Connection health (GET /connections shows it) and the token refresher's scan.
--   last_synced_at  when the connection's latest sync job succeeded (written by the sync engine, ingest.jobs)
--   last_error      why the connection last failed, {"code", "message", "at"}: a sync job that failed for good, a
--                   token the provider refused after a refresh, or a refresh token the provider rejected
--                   (invalid_grant, which also sets status = 'error'); cleared by the next successful sync and
--                   by reconnecting
ALTER TABLE connections
    ADD COLUMN last_synced_at timestamptz,
    ADD COLUMN last_error     jsonb;

-- Like sync_jobs_due, a cross-tenant scan: the refresher (ingest-service, common.tokens.TokenRefresher) renews the
-- active connections whose access token expires soon and that hold a refresh token.
CREATE INDEX connections_refresh_due ON connections (expires_at)
    WHERE status = 'active' AND refresh_token_ciphertext IS NOT NULL AND expires_at IS NOT NULL;
