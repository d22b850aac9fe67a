package dev.gorca.features.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The incident-assembly stage of a job: watermarks, the keyBy per instance, the assembler. */
public final class IncidentAssembly {
  /** How far out of order events of one source may arrive before they count as late. */
  public static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  /**
   * A source partition silent this long stops holding the watermark back, so one quiet Kafka
   * partition does not stall every incident.
   */
  public static final Duration IDLE_SOURCE_TIMEOUT = Duration.ofSeconds(30);

  public static final String ASSEMBLER_UID = "incident-assembler";

  private IncidentAssembly() {}

  /** Event time from the envelope's {@code ts_ms}, bounded out-of-orderness, idle-source handling. */
  public static <T> WatermarkStrategy<T> watermarks(Duration maxOutOfOrderness, TimestampOf<T> timestampOf) {
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(maxOutOfOrderness)
        .withTimestampAssigner((event, previous) -> timestampOf.tsMs(event))
        .withIdleness(IDLE_SOURCE_TIMEOUT);
  }

  /** Keyed by service instance, assembled into incidents. Events must carry event-time timestamps. */
  public static DataStream<Incident> assemble(DataStream<InstanceEvent> events, AssemblyConfig config) {
    return events
        .keyBy(InstanceEvent::key)
        .process(new IncidentAssembler(config), TypeInformation.of(Incident.class))
        .name("assemble incidents per instance")
        .uid(ASSEMBLER_UID);
  }

  /** Reads an event's time; serializable so a watermark strategy can ship it. */
  @FunctionalInterface
  public interface TimestampOf<T> extends java.io.Serializable {
    long tsMs(T event);
  }
}
