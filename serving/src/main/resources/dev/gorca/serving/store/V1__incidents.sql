-- gorca incident store, schema version 1. Every statement is safe to run again.
CREATE TABLE IF NOT EXISTS incidents (
  incident_id    text PRIMARY KEY,
  service        text NOT NULL,
  instance       text NOT NULL,
  ts_ms          bigint NOT NULL,
  type           text NOT NULL CHECK (type IN ('crash', 'live')),
  crash_kind     text,
  crash_message  text,
  causes         jsonb NOT NULL,      -- [{"cause": "...", "probability": 0.9}, ...] top 3, most likely first
  model_id       text NOT NULL,
  feature_schema text NOT NULL,
  features       jsonb NOT NULL,      -- {"name": value}; null where the value was NaN (not measured)
  explanation    jsonb,
  suspect        jsonb,
  inputs         jsonb NOT NULL,      -- ["crash", "metrics", "dump"]
  novelty        double precision,    -- null when not computed
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS incidents_newest ON incidents (ts_ms DESC, incident_id DESC);
CREATE INDEX IF NOT EXISTS incidents_service_newest ON incidents (service, ts_ms DESC);

CREATE TABLE IF NOT EXISTS labels (
  incident_id text NOT NULL REFERENCES incidents (incident_id) ON DELETE CASCADE,
  root_cause  text NOT NULL,
  operator    text NOT NULL,
  comment     text NOT NULL DEFAULT '',
  ts_ms       bigint NOT NULL,
  -- a label replayed from Kafka (at-least-once) is the same row
  PRIMARY KEY (incident_id, operator, ts_ms)
);
CREATE INDEX IF NOT EXISTS labels_since ON labels (ts_ms);

CREATE TABLE IF NOT EXISTS model_versions (
  model_id    text PRIMARY KEY,
  promoted_at timestamptz NOT NULL,
  metrics     jsonb NOT NULL
);
