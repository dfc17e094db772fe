-- Signal payloads are provider JSON of a few kilobytes, so every insert compresses one into TOAST. lz4 does that for
-- about half of pglz's CPU (measured: 5 KB jsonb rows inserted in 125 µs with lz4 against 230 µs with pglz, on the
-- benchmark machine; docs/benchmarks.md has the pipeline's before/after). Partitions created from now on inherit the
-- parent's setting; existing partitions are switched here; rows already stored keep their compression. A server
-- built without lz4 keeps pglz rather than failing the migration.
DO $$
DECLARE
    part regclass;
BEGIN
    ALTER TABLE signals ALTER COLUMN payload SET COMPRESSION lz4;
    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'signals'::regclass LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN payload SET COMPRESSION lz4', part);
    END LOOP;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL server was built without lz4; signal payloads stay compressed with pglz';
END $$;
