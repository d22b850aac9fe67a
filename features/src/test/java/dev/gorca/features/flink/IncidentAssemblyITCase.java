package dev.gorca.features.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assembly stage on a Flink MiniCluster at parallelism 2: a mixed, slightly out-of-order stream
 * of many instances, each dying of a real lab incident, yields exactly one incident per crash, with
 * the features the pure extractors compute.
 */
class IncidentAssemblyITCase {
  private static final int INSTANCES_PER_CAPTURE = 6;
  private static final long INSTANCE_SPACING_MS = 7_000;
  private static final long MAX_JITTER_MS = 2_000; // below IncidentAssembly.MAX_OUT_OF_ORDERNESS

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void manyInstancesAtParallelismTwoGiveOneIncidentPerCrashWithThePureFeatures() throws Exception {
    List<LabIncidentEvents> incidents = new ArrayList<>();
    List<LabCapture> captures = LabCaptures.all().stream()
        .filter(c -> java.nio.file.Files.isRegularFile(c.metricsJsonLines()))
        .toList();
    int n = 0;
    for (LabCapture capture : captures) {
      for (int i = 0; i < INSTANCES_PER_CAPTURE; i++) {
        LabIncidentEvents base = new LabIncidentEvents(capture, capture.rootCause().replace('_', '-'), capture.goVersion() + "-" + capture.program() + "-" + i);
        incidents.add(base.shiftedBy(n++ * INSTANCE_SPACING_MS));
      }
    }
    List<InstanceEvent> stream = mixedStream(incidents);

    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    DataStream<InstanceEvent> events = env.fromData(stream, TypeInformation.of(InstanceEvent.class))
        .assignTimestampsAndWatermarks(IncidentAssembly.watermarks(IncidentAssembly.MAX_OUT_OF_ORDERNESS, e -> e.tsMs));
    List<Incident> out = IncidentAssembly.assemble(events, AssemblyConfig.defaults()).executeAndCollect(10_000);

    Map<String, Incident> byId = new HashMap<>();
    for (Incident incident : out) assertEquals(null, byId.put(incident.incidentId, incident), "duplicate " + incident);
    assertEquals(incidents.size(), out.size());
    EvidenceReader reader = new EvidenceReader(new GoTraceParser());
    for (LabIncidentEvents expected : incidents) {
      Incident incident = byId.get(IncidentIds.crash(expected.service, expected.instance, expected.crashTsMs));
      assertEquals(new GoTraceParser().parse(expected.crashText).kind().id(), incident.crash.kind, expected.instance);
      var evidence = reader.read(expected.crashText, expected.dumpText, expected.samples, expected.crashTsMs,
          EvidenceReader.Death.UNKNOWN, 0);
      assertArrayEquals(IncidentFeatures.extract(evidence, FeatureSchema.current()).values(), incident.features, expected.instance);
    }
  }

  /** All events of all instances in time order, each moved by up to MAX_JITTER_MS. */
  private static List<InstanceEvent> mixedStream(List<LabIncidentEvents> incidents) {
    Random random = new Random(11);
    List<long[]> order = new ArrayList<>();
    List<InstanceEvent> events = new ArrayList<>();
    for (LabIncidentEvents incident : incidents) {
      for (InstanceEvent event : incident.all()) {
        order.add(new long[] {event.tsMs + (long) (random.nextDouble() * MAX_JITTER_MS), events.size()});
        events.add(event);
      }
    }
    order.sort(Comparator.comparingLong(a -> a[0]));
    List<InstanceEvent> mixed = new ArrayList<>(events.size());
    for (long[] o : order) mixed.add(events.get((int) o[1]));
    return mixed;
  }
}
