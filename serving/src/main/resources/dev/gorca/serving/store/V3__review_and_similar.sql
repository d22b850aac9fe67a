-- gorca incident store, schema version 3: what the HTTP UI sorts and joins on.
-- The review queue orders unlabelled incidents by the model's margin, p(top1) - p(top2), lowest first.
CREATE INDEX IF NOT EXISTS incidents_margin ON incidents
  (((causes -> 0 ->> 'probability')::double precision
    - coalesce((causes -> 1 ->> 'probability')::double precision, 0)));
-- Similar incidents: the same crash fingerprint, or the same function at the top of the largest bucket.
CREATE INDEX IF NOT EXISTS incidents_fingerprint ON incidents ((document -> 'crash' ->> 'fingerprint'));
CREATE INDEX IF NOT EXISTS incidents_top_bucket_function ON incidents ((document -> 'buckets' -> 0 ->> 'function'));
