package dev.gorca.ingest.contract;

/** An envelope sent about one running instance of a service, so both names are required. */
public sealed interface ServiceEnvelope extends Envelope permits CrashEnvelope, MetricsEnvelope, DumpEnvelope {
  /** The Go service's name, e.g. {@code checkout}. */
  String service();

  /** The instance (pod, host:port) that produced the event, e.g. {@code checkout-7d9f-x2k4p}. */
  String instance();
}
