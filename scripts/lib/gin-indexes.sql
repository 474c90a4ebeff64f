-- GIN indexes on FerretDB's PostgreSQL tables for the equality filters that FerretDB pushes down (as
-- `_jsonb->'field' @> value`; the btree indexes FerretDB creates itself cannot serve that operator).
-- The fields: what quality-time-api's queries and Quality-time's collector filter on by equality.
-- Idempotent; collections that do not exist yet are left out (run it again once they do). FerretDB keeps
-- the table of each collection in its metadata table; dropping a collection drops the table and these.
DO $$
DECLARE
  wanted record;
  collection_table text;
BEGIN
  IF to_regclass('quality_time_db._ferretdb_database_metadata') IS NULL THEN
    RETURN;
  END IF;
  FOR wanted IN
    SELECT * FROM (VALUES ('measurements', 'metric_uuid'), ('measurements', 'report_uuid'),
                          ('reports', 'report_uuid'), ('reports', 'last'), ('sessions', 'session_id'),
                          ('qta_access_tokens', 'secret_hash'))
      AS w(collection, field)
  LOOP
    SELECT _jsonb->>'table' INTO collection_table FROM quality_time_db._ferretdb_database_metadata
      WHERE _jsonb->'_id' = to_jsonb(wanted.collection);
    CONTINUE WHEN collection_table IS NULL;
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON quality_time_db.%I USING gin ((_jsonb -> %L) jsonb_path_ops)',
                   collection_table || '_' || wanted.field || '_gin', collection_table, wanted.field);
  END LOOP;
END
$$;
