package dev.gorca.ingest.contract;

/**
 * An operator's verdict on an incident: the training label. A label is about an incident, which already
 * knows its service and instance, so those two are optional here (null when absent); when given they obey
 * the same rules as on the other envelopes and let a consumer check the label against the incident.
 *
 * @param incidentId the incident being labelled
 * @param rootCause the cause id, e.g. {@code goroutine_leak}; the taxonomy is checked where it lives, not here
 * @param operator who labelled it
 * @param comment free text, null when absent
 */
public record LabelEnvelope(long tsMs, String incidentId, String rootCause, String operator, String comment,
                            String service, String instance) implements Envelope {
  public LabelEnvelope {
    Fields.requireTimestamp("ts_ms", tsMs);
    Fields.requireName("incident_id", incidentId, "inc-2024-0042");
    Fields.requireRootCause("root_cause", rootCause);
    Fields.requireName("operator", operator, "alice");
    Fields.optionalComment("comment", comment);
    Fields.optionalName("service", service, "checkout");
    Fields.optionalName("instance", instance, "checkout-7d9f-x2k4p");
  }

  /** A label with only the required fields. */
  public static LabelEnvelope of(long tsMs, String incidentId, String rootCause, String operator) {
    return new LabelEnvelope(tsMs, incidentId, rootCause, operator, null, null, null);
  }

  @Override
  public EnvelopeSchema schema() {
    return EnvelopeSchema.LABEL;
  }
}
