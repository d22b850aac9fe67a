package dev.gorca.ingest.contract;

/**
 * A process died: the tail of its stderr plus what the supervisor (Kubernetes, systemd) said about the exit.
 *
 * @param text the raw stderr tail; may be empty because an OOM-killed process prints nothing
 * @param exitCode exit status, null when unknown
 * @param signal signal name such as {@code SIGKILL}, null when unknown or not killed by a signal
 * @param reason the supervisor's reason such as Kubernetes' {@code OOMKilled}, null when unknown
 * @param goVersion runtime version such as {@code go1.21.5}, null when unknown
 */
public record CrashEnvelope(String service, String instance, long tsMs, String text, Integer exitCode,
                            String signal, String reason, String goVersion) implements ServiceEnvelope {
  public CrashEnvelope {
    Fields.requireName("service", service, "checkout");
    Fields.requireName("instance", instance, "checkout-7d9f-x2k4p");
    Fields.requireTimestamp("ts_ms", tsMs);
    Fields.requireText("text", text, "the stderr tail of the dying process");
    Fields.optionalSignal("signal", signal);
    Fields.optionalName("reason", reason, "OOMKilled");
    Fields.optionalName("go_version", goVersion, "go1.21.5");
  }

  /** A crash with only the required fields; add the others with the record's constructor. */
  public static CrashEnvelope of(String service, String instance, long tsMs, String text) {
    return new CrashEnvelope(service, instance, tsMs, text, null, null, null, null);
  }

  @Override
  public EnvelopeSchema schema() {
    return EnvelopeSchema.CRASH;
  }
}
