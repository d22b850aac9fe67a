package dev.gorca.ingest.contract;

/**
 * A goroutine dump taken from a live process, in the format of pprof's {@code goroutine?debug=2}.
 *
 * @param text the whole dump; not blank
 */
public record DumpEnvelope(String service, String instance, long tsMs, String text) implements ServiceEnvelope {
  public DumpEnvelope {
    Fields.requireName("service", service, "checkout");
    Fields.requireName("instance", instance, "checkout-7d9f-x2k4p");
    Fields.requireTimestamp("ts_ms", tsMs);
    Fields.requireNonBlankText("text", text, "a goroutine dump (pprof goroutine?debug=2)");
  }

  @Override
  public EnvelopeSchema schema() {
    return EnvelopeSchema.DUMP;
  }
}
