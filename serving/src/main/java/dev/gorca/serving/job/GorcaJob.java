package dev.gorca.serving.job;

import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentAssembly;
import dev.gorca.features.flink.InstanceEvent;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.serving.learning.LabelEvent;
import dev.gorca.serving.learning.LearnFromLabels;
import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The streaming job: raw crash, metrics, dump and label records are decoded (refusals to the dead
 * letters), assembled into incidents per instance in event time, scored with the announced model and
 * stored; labels feed the learning loop, whose promoted models are announced back to the scorers.
 * Built from its sources and sinks ({@link Wiring}), so tests run it with in-memory data and
 * {@link KafkaWiring} with Kafka.
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

  /**
   * @param records crash, metrics, dump and label records, from any topics, in any mix
   * @param announcements models to switch to (the models topic)
   * @param promotions models the learning loop promoted (to the models topic, from where they come back)
   */
  public record Wiring(JobSource<RawRecord> records, JobSource<ModelAnnouncement> announcements,
      JobSink<ScoredIncident> incidents, JobSink<DeadLetter> deadLetters, JobSink<ModelRefusal> refusals,
      JobSink<ModelAnnouncement> promotions) {}

  public static final String EVENT_TIME_UID = "event-time";

  private final Wiring wiring;
  private final JobSettings settings;

  public GorcaJob(Wiring wiring, JobSettings settings) {
    this.wiring = wiring;
    this.settings = settings;
  }

  /** Adds the job's graph to {@code env}; the caller executes it. */
  public void build(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<InstanceEvent> decoded = wiring.records().create(env)
        .process(new DecodeEnvelopes(settings.limits()), TypeInformation.of(InstanceEvent.class))
        .name("decode envelopes")
        .uid(DecodeEnvelopes.UID);
    wiring.deadLetters().attach(decoded.getSideOutput(DecodeEnvelopes.DEAD_LETTERS));

    // Event time is the envelope's ts_ms, known only after decoding (docs/operations.md).
    DataStream<InstanceEvent> timed = decoded
        .assignTimestampsAndWatermarks(IncidentAssembly.watermarks(IncidentAssembly.MAX_OUT_OF_ORDERNESS, e -> e.tsMs))
        .name("event time from ts_ms")
        .uid(EVENT_TIME_UID);
    DataStream<Incident> assembled = IncidentAssembly.assemble(timed, settings.assembly());

    BroadcastStream<ModelAnnouncement> models =
        wiring.announcements().create(env).broadcast(ScoreIncidents.ACCEPTED_MODEL);
    SingleOutputStreamOperator<ScoredIncident> scored = assembled
        .connect(models)
        .process(new ScoreIncidents(settings.registryDir()), TypeInformation.of(ScoredIncident.class))
        .name("score incidents")
        .uid(ScoreIncidents.UID);
    wiring.incidents().attach(scored);
    wiring.refusals().attach(scored.getSideOutput(ScoreIncidents.REFUSALS));
    if (settings.store() != null) {
      scored.sinkTo(new IncidentStoreSink(settings.store())).name("incident store").uid(IncidentStoreSink.UID);
    }
    learn(decoded.getSideOutput(DecodeEnvelopes.LABELS));
  }

  private void learn(DataStream<LabelEvent> labels) {
    if (settings.learning() == null) {
      labels.sinkTo(new DiscardingSink<>()).name("labels (learning off)").uid("sink-labels-unused");
      return;
    }
    DataStream<ModelAnnouncement> promoted = labels
        .keyBy(label -> LearnFromLabels.KEY)
        .process(new LearnFromLabels(settings.learning(), settings.store()), TypeInformation.of(ModelAnnouncement.class))
        .setParallelism(1)
        .name("learn from labels")
        .uid(LearnFromLabels.UID);
    wiring.promotions().attach(promoted);
  }
}
