package dev.gorca.serving.job;

import dev.gorca.features.flink.InstanceEvent;
import dev.gorca.features.flink.InstanceEvents;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.Decoded;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.ingest.contract.LabelEnvelope;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.ingest.contract.RejectReason;
import dev.gorca.ingest.contract.Rejection;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.prometheus.MetricsEnvelopeFlattener;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.serving.learning.LabelEvent;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records into {@link InstanceEvent}s (labels into {@link #LABELS}), parsing crash texts and dumps on the way (before
 * the keyBy, at full parallelism). A record that cannot be used goes to {@link #DEAD_LETTERS} with
 * its original bytes and the typed reason, and bumps the counter {@code dlq.<REASON>}; no record
 * ever makes this operator throw.
 */
public final class DecodeEnvelopes extends ProcessFunction<RawRecord, InstanceEvent> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
  /** Operators' labels, for the learning loop; not keyed by instance like the rest. */
  public static final OutputTag<LabelEvent> LABELS = new OutputTag<>("labels", TypeInformation.of(LabelEvent.class));
  public static final String METRIC_GROUP = "dlq";
  public static final String UID = "decode-envelopes";

  // EnvelopeLimits is not Serializable; the function ships its two numbers.
  private final int maxRecordBytes;
  private final int maxDumpBytes;

  private transient EnvelopeCodec codec;
  private transient InstanceEvents events;
  private transient MetricsEnvelopeFlattener flattener;
  // Counters only, never serialized: EnumMap is fine here (STACK.md warns about it as Flink data).
  private transient Map<RejectReason, Counter> rejected;

  public DecodeEnvelopes(EnvelopeLimits limits) {
    this.maxRecordBytes = limits.maxRecordBytes();
    this.maxDumpBytes = limits.maxDumpBytes();
  }

  @Override
  public void open(OpenContext context) {
    codec = new EnvelopeCodec(new EnvelopeLimits(maxRecordBytes, maxDumpBytes));
    events = new InstanceEvents(new GoTraceParser());
    flattener = new MetricsEnvelopeFlattener();
    MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
    rejected = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, group.counter(reason.name()));
    }
  }

  @Override
  public void processElement(RawRecord record, Context context, Collector<InstanceEvent> out) {
    Decoded decoded = codec.decode(record.value);
    if (decoded instanceof Decoded.Rejected refused) {
      deadLetter(refused, record, context);
      return;
    }
    Envelope envelope = ((Decoded.Accepted) decoded).envelope();
    if (envelope instanceof LabelEnvelope label) {
      label(label, record, context);
      return;
    }
    InstanceEvent event;
    try {
      event = toEvent(envelope);
    } catch (RuntimeException bug) {
      // The parsers do not throw on odd input; if one ever does, the record is kept, not the job stopped.
      deadLetter(reject(record, RejectReason.INVALID_VALUE, "could not turn the " + envelope.schema().id()
          + " envelope into an event (" + bug + "); this is a bug in gorca: report it with this dead letter"),
          record, context);
      return;
    }
    out.collect(event);
  }

  private void label(LabelEnvelope label, RawRecord record, Context context) {
    if (RootCause.parse(label.rootCause()).isEmpty()) {
      deadLetter(new Decoded.Rejected(Rejection.of(RejectReason.INVALID_VALUE, "root_cause",
          "root_cause: expected one of " + RootCause.ids() + ", found \"" + label.rootCause()
              + "\"; label with a cause of gorca's taxonomy (docs/root-causes.md)"), record.value), record, context);
      return;
    }
    context.output(LABELS, LabelEvent.of(label.incidentId(), label.rootCause(), label.operator(), label.comment(),
        label.tsMs()));
  }

  private InstanceEvent toEvent(Envelope envelope) {
    return switch (envelope.schema()) {
      case CRASH -> events.crash((CrashEnvelope) envelope);
      case DUMP -> events.dump((DumpEnvelope) envelope);
      case METRICS -> {
        MetricsEnvelope metrics = (MetricsEnvelope) envelope;
        yield events.metrics(metrics.service(), metrics.instance(), flattener.flatten(metrics).sample());
      }
      case LABEL -> throw new IllegalStateException("labels are routed before toEvent");
    };
  }

  private static Decoded.Rejected reject(RawRecord record, RejectReason reason, String problem) {
    return new Decoded.Rejected(Rejection.of(reason, Rejection.WHOLE_RECORD, problem),
        record.value == null ? new byte[0] : record.value);
  }

  /** How many records this subtask dead-lettered for the reason (the {@code dlq.<REASON>} counter). */
  long deadLettered(RejectReason reason) {
    return rejected.get(reason).getCount();
  }

  private void deadLetter(Decoded.Rejected refused, RawRecord record, Context context) {
    rejected.get(refused.rejection().reason()).inc();
    long nowMs = Math.max(0, context.timerService().currentProcessingTime());
    context.output(DEAD_LETTERS, DeadLetter.of(refused, record.topic, Math.max(0, record.partition),
        Math.max(0, record.offset), nowMs));
  }
}
