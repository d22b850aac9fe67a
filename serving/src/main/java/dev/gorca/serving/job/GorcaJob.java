package dev.gorca.serving.job;

import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentAssembly;
import dev.gorca.features.flink.InstanceEvent;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.EnvelopeLimits;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming job: raw crash, metrics and dump records are decoded (refusals to the dead letters),
 * assembled into incidents per instance in event time, and scored with the announced model. Built
 * from its sources and sinks, so tests run it with in-memory data and {@link KafkaWiring} with Kafka.
 */
public final class GorcaJob {
  /** Adds a source to the job. */
  @FunctionalInterface
  public interface JobSource<T> extends Serializable {
    DataStream<T> create(StreamExecutionEnvironment env);
  }

  /** Attaches a sink to a stream of the job. */
  @FunctionalInterface
  public interface JobSink<T> extends Serializable {
    void attach(DataStream<T> stream);
  }

  public static final String EVENT_TIME_UID = "event-time";

  private final JobSource<RawRecord> records;
  private final JobSource<ModelAnnouncement> announcements;
  private final JobSink<ScoredIncident> incidents;
  private final JobSink<DeadLetter> deadLetters;
  private final JobSink<ModelRefusal> refusals;
  private final String initialRegistryDir;
  private final AssemblyConfig assembly;
  private final EnvelopeLimits limits;

  /**
   * @param records crash, metrics and dump records, from any topics, in any mix
   * @param initialRegistryDir the registry whose current model scores until an announcement
   */
  public GorcaJob(JobSource<RawRecord> records, JobSource<ModelAnnouncement> announcements,
      JobSink<ScoredIncident> incidents, JobSink<DeadLetter> deadLetters, JobSink<ModelRefusal> refusals,
      String initialRegistryDir, AssemblyConfig assembly, EnvelopeLimits limits) {
    this.records = records;
    this.announcements = announcements;
    this.incidents = incidents;
    this.deadLetters = deadLetters;
    this.refusals = refusals;
    this.initialRegistryDir = initialRegistryDir;
    this.assembly = assembly;
    this.limits = limits;
  }

  /** Adds the job's graph to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<InstanceEvent> decoded = records.create(env)
        .process(new DecodeEnvelopes(limits), TypeInformation.of(InstanceEvent.class))
        .name("decode envelopes")
        .uid(DecodeEnvelopes.UID);
    deadLetters.attach(decoded.getSideOutput(DecodeEnvelopes.DEAD_LETTERS));

    // Event time is the envelope's ts_ms, known only after decoding (docs/operations.md).
    DataStream<InstanceEvent> timed = decoded
        .assignTimestampsAndWatermarks(IncidentAssembly.watermarks(IncidentAssembly.MAX_OUT_OF_ORDERNESS, e -> e.tsMs))
        .name("event time from ts_ms")
        .uid(EVENT_TIME_UID);
    DataStream<Incident> assembled = IncidentAssembly.assemble(timed, assembly);

    BroadcastStream<ModelAnnouncement> models = announcements.create(env).broadcast(ScoreIncidents.ACCEPTED_MODEL);
    SingleOutputStreamOperator<ScoredIncident> scored = assembled
        .connect(models)
        .process(new ScoreIncidents(initialRegistryDir), TypeInformation.of(ScoredIncident.class))
        .name("score incidents")
        .uid(ScoreIncidents.UID);
    incidents.attach(scored);
    refusals.attach(scored.getSideOutput(ScoreIncidents.REFUSALS));
  }
}
