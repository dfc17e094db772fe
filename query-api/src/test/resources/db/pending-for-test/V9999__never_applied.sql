-- Only read by ReadinessIntegrationTests to make Flyway report a pending migration; never applied.
SELECT 1;
