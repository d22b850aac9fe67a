package dev.gorca.serving.store;

import java.util.List;
import java.util.Map;

/** Test incidents: a plausible crash incident, varied by id, service, time and top cause. */
final class Incidents {
  static final String MODEL_ID = "gorca-lgbm-2023-11-14";
  static final String FEATURE_SCHEMA = "features/v3";

  private Incidents() {}

  static StoredIncident crash(String id, String service, long tsMs, String topCause) {
    return new StoredIncident(id, service, service + "-7d9f-x2k4p", tsMs, IncidentType.CRASH, "panic",
        "assignment to entry in nil map",
        List.of(new RankedCause(topCause, 0.82), new RankedCause("goroutine_leak", 0.11),
            new RankedCause("oom", 0.04)),
        MODEL_ID, FEATURE_SCHEMA,
        Map.of("goroutines_max", 5321.0, "heap_growth_bytes_per_second", 1.5e6, "gc_pause_p99_ms", Double.NaN),
        "{\"top\": [{\"feature\": \"goroutines_max\", \"shap\": 1.2}]}", "{\"function\": \"main.handler\"}",
        List.of("crash", "metrics"), 0.07,
        "{\"schema\": \"gorca.incident/v1\", \"id\": \"" + id + "\", \"buckets\": []}", null);
  }

  /** An incident whose model was {@code top} sure of its top cause and {@code second} of the next one. */
  static StoredIncident uncertain(String id, long tsMs, double top, double second) {
    StoredIncident base = crash(id, "checkout", tsMs, "deadlock");
    return new StoredIncident(id, base.service(), base.instance(), tsMs, base.type(), base.crashKind(),
        base.crashMessage(), List.of(new RankedCause("deadlock", top), new RankedCause("goroutine_leak", second)),
        MODEL_ID, FEATURE_SCHEMA, base.features(), null, null, base.inputs(), Double.NaN, null, null);
  }

  /** An incident whose document names a crash fingerprint and the function atop its largest bucket. */
  static StoredIncident withSignature(String id, long tsMs, String fingerprint, String topBucketFunction) {
    StoredIncident base = crash(id, "checkout", tsMs, "deadlock");
    String document = "{\"schema\": \"gorca.incident/v1\", \"id\": \"" + id + "\", \"crash\": {\"fingerprint\": \""
        + fingerprint + "\"}, \"buckets\": [{\"count\": 12, \"function\": \"" + topBucketFunction + "\"}]}";
    return new StoredIncident(id, base.service(), base.instance(), tsMs, base.type(), base.crashKind(),
        base.crashMessage(), base.causes(), MODEL_ID, FEATURE_SCHEMA, base.features(), null, null, base.inputs(),
        Double.NaN, document, null);
  }
}
