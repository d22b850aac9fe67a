package dev.gorca.serving.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.flink.IncidentIds;
import dev.gorca.ingest.contract.DeadLetter;
import dev.gorca.ingest.contract.RejectReason;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster at parallelism 2, Kryo off: real lab incidents of several instances,
 * sent as envelopes on the three topics with garbage mixed in, give one scored incident per crash
 * and the garbage in the dead letters.
 */
class GorcaJobITCase {
  private static final String[][] EASY_CASES = {
      {"concurrent_map_access", "map_writes"}, {"nil_dereference", "nil_method_receiver"},
      {"stack_overflow", "infinite_recursion"}};
  private static final int INSTANCES_PER_CASE = 2;
  private static final long INSTANCE_SPACING_MS = 3_000;

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** A record with its event time, so the input can be sent in time order. */
  private record Timed(long tsMs, String topic, byte[] value) {}

  @Test
  void labIncidentsAreScoredOncePerCrashAndGarbageIsDeadLettered() throws Exception {
    List<Timed> timed = new ArrayList<>();
    Map<String, String> expectedCause = new HashMap<>();
    int n = 0;
    for (String[] c : EASY_CASES) {
      for (int i = 0; i < INSTANCES_PER_CASE; i++) {
        String instance = c[1] + "-" + i;
        long crashTs = addIncident(timed, c[0], c[1], instance, n++ * INSTANCE_SPACING_MS);
        expectedCause.put(IncidentIds.crash("lab", instance, crashTs), c[0]);
      }
    }
    timed.sort(Comparator.comparingLong(Timed::tsMs));
    List<RawRecord> records = new ArrayList<>();
    Map<String, Long> offsets = new HashMap<>();
    byte[][] garbage = {"not json".getBytes(StandardCharsets.UTF_8), {(byte) 0xfe, (byte) 0xff},
        "{\"schema\":\"gorca.crash/v2\"}".getBytes(StandardCharsets.UTF_8)};
    for (int i = 0; i < timed.size(); i++) {
      Timed t = timed.get(i);
      if (i >= 5 && i < 5 + garbage.length) records.add(record(offsets, "gorca.crashes", garbage[i - 5]));
      records.add(record(offsets, t.topic, t.value));
    }

    List<CloseableIterator<ScoredIncident>> incidents = new ArrayList<>();
    List<CloseableIterator<DeadLetter>> deadLetters = new ArrayList<>();
    List<CloseableIterator<ModelRefusal>> refusals = new ArrayList<>();
    Path models = LabCaptures.repoRoot().resolve("models");
    String shippedId = Files.readString(models.resolve("CURRENT")).trim();
    GorcaJob job = new GorcaJob(new GorcaJob.Wiring(
        env -> env.fromData(records, TypeInformation.of(RawRecord.class)),
        env -> env.fromData(List.of(ModelAnnouncement.of(models.toString(), shippedId)),
            TypeInformation.of(ModelAnnouncement.class)),
        stream -> incidents.add(stream.collectAsync()),
        stream -> deadLetters.add(stream.collectAsync()),
        stream -> refusals.add(stream.collectAsync()),
        stream -> { }), JobSettings.scoringOnly(models.toString()));

    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    job.build(env);
    env.executeAsync("gorca job test");

    List<ScoredIncident> scored = drain(incidents.get(0));
    List<DeadLetter> letters = drain(deadLetters.get(0));
    assertEquals(List.of(), drain(refusals.get(0)));

    assertEquals(expectedCause.size(), scored.size(), scored.toString());
    ObjectMapper mapper = new ObjectMapper();
    for (ScoredIncident s : scored) {
      assertEquals(expectedCause.get(s.incident.incidentId), s.topCause, s.toString());
      assertEquals(shippedId, s.modelId);
      JsonNode json = mapper.readTree(IncidentJson.encode(s));
      assertEquals(s.incident.incidentId, json.get("id").asText());
      assertEquals(s.topCause, json.get("top").get(0).get("root_cause").asText());
      assertEquals(shippedId, json.get("model").get("id").asText());
      assertTrue(json.get("features").size() > 0);
    }
    assertEquals(List.of(RejectReason.MALFORMED_JSON, RejectReason.NOT_UTF8, RejectReason.UNKNOWN_SCHEMA),
        letters.stream().sorted(Comparator.comparingLong(DeadLetter::offset)).map(DeadLetter::reason).toList());
    for (DeadLetter letter : letters) {
      assertTrue(java.util.Arrays.stream(garbage).anyMatch(g -> java.util.Arrays.equals(g, letter.original())));
    }
  }

  /** Metrics, dump and crash of one lab capture as one instance sends them; returns the crash time. */
  private static long addIncident(List<Timed> out, String cause, String program, String instance, long shiftMs) {
    LabIncidents.Sending sending = LabIncidents.envelopes(cause, program, instance, shiftMs);
    for (LabIncidents.Sent sent : sending.envelopes()) out.add(new Timed(sent.tsMs(), sent.topic(), sent.value()));
    return sending.crashTsMs();
  }

  private static RawRecord record(Map<String, Long> offsets, String topic, byte[] value) {
    long offset = offsets.merge(topic, 1L, Long::sum) - 1;
    return RawRecord.of(topic, 0, offset, value);
  }

  private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
    List<T> out = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(out::add);
    }
    return out;
  }
}
