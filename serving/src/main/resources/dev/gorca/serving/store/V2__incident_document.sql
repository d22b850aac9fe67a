-- gorca incident store, schema version 2: the whole incident document (docs/events.md, "Incident"), for the
-- detail page: crash summary, goroutine buckets, the metric history before the incident.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS document jsonb;
