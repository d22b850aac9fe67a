package dev.gorca.features.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.extract.LeakDetector;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The assembler driven through Flink's operator harness with real lab incidents. */
class IncidentAssemblerTest {
  private static final AssemblyConfig CONFIG = AssemblyConfig.defaults();
  private static final long GRACE_MS = CONFIG.gracePeriod().toMillis();
  private static final long IDLE_MS = CONFIG.idleTimeout().toMillis();

  private final LabIncidentEvents leak = new LabIncidentEvents(
      LabCaptures.named("go1.23/goroutine_leak/request_timeout"), "quotes", "quotes-7d9f-1");
  private KeyedOneInputStreamOperatorTestHarness<String, InstanceEvent, Incident> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = harness(CONFIG);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, InstanceEvent, Incident> harness(AssemblyConfig config)
      throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new IncidentAssembler(config)), InstanceEvent::key, Types.STRING);
    // Any Kryo fallback in state or records fails fast (shared/STACK.md).
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    h.open();
    return h;
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private void send(List<InstanceEvent> events) throws Exception {
    for (InstanceEvent event : events) harness.processElement(new StreamRecord<>(event, event.tsMs));
  }

  private FeatureVector pureFeatures(LabIncidentEvents incident, boolean withDump) {
    IncidentEvidence evidence = new EvidenceReader(new GoTraceParser()).read(incident.crashText,
        withDump ? incident.dumpText : null, incident.samples, incident.crashTsMs, EvidenceReader.Death.UNKNOWN, 0);
    return IncidentFeatures.extract(evidence, FeatureSchema.current());
  }

  @Test
  void aCrashBecomesOneIncidentAfterTheGracePeriodWithTheSameFeaturesAsThePureExtractors() throws Exception {
    send(leak.all());
    harness.processWatermark(leak.crashTsMs + GRACE_MS - 1);
    assertEquals(List.of(), harness.extractOutputValues(), "nothing before the grace period is over");

    harness.processWatermark(leak.crashTsMs + GRACE_MS);

    List<Incident> incidents = harness.extractOutputValues();
    assertEquals(1, incidents.size());
    Incident incident = incidents.get(0);
    assertEquals(IncidentIds.crash("quotes", "quotes-7d9f-1", leak.crashTsMs), incident.incidentId);
    assertEquals("quotes", incident.service);
    assertEquals("quotes-7d9f-1", incident.instance);
    assertEquals(leak.crashTsMs, incident.tsMs);
    assertEquals(Incident.CRASH, incident.type);
    assertEquals("sigquit_dump", incident.crash.kind);
    assertArrayEquals(new String[] {"crash", "dump", "metrics"}, incident.inputs);
    assertEquals(FeatureSchema.current().version(), incident.featureSchema);
    assertArrayEquals(pureFeatures(leak, true).values(), incident.features);
    assertEquals(500, incident.topBuckets[0].count);
    assertEquals("chan send", incident.topBuckets[0].state);
    assertEquals("main.(*Gateway).fetchQuote.func1", incident.topBuckets[0].function);
  }

  @Test
  void metricsAndTheDumpArrivingAfterTheCrashWithinTheGracePeriodCount() throws Exception {
    List<InstanceEvent> crashFirst = new ArrayList<>();
    crashFirst.add(leak.crashEvent());
    crashFirst.addAll(leak.metricEvents());
    crashFirst.add(leak.dumpEvent());
    send(crashFirst);

    harness.processWatermark(leak.crashTsMs + GRACE_MS);

    Incident incident = harness.extractOutputValues().get(0);
    assertArrayEquals(pureFeatures(leak, true).values(), incident.features);
    assertEquals(leak.samples.size(), incident.features[FeatureSchema.current().indexOf("sample_count_5m")]);
  }

  @Test
  void outOfOrderSamplesGiveTheSameFeaturesAsOrderedOnes() throws Exception {
    List<InstanceEvent> shuffled = leak.metricEvents();
    Collections.shuffle(shuffled, new Random(42));
    send(shuffled);
    send(List.of(leak.dumpEvent(), leak.crashEvent()));

    harness.processWatermark(leak.crashTsMs + GRACE_MS);

    assertArrayEquals(pureFeatures(leak, true).values(), harness.extractOutputValues().get(0).features);
  }

  @Test
  void aCrashSentAgainWithinTheDuplicateWindowIsMergedNotCountedTwice() throws Exception {
    send(leak.all());
    send(List.of(leak.crashEvent(), leak.crashEventAt(leak.crashTsMs + 2_000)));

    harness.processWatermark(leak.crashTsMs + GRACE_MS + 2_000);

    List<Incident> incidents = harness.extractOutputValues();
    assertEquals(1, incidents.size());
    assertEquals(2, incidents.get(0).crash.duplicates);
  }

  @Test
  void aCrashArrivingAfterItsGracePeriodIsEmittedAtOnceNotDropped() throws Exception {
    send(leak.metricEvents());
    harness.processWatermark(leak.crashTsMs + GRACE_MS + 60_000);

    send(List.of(leak.crashEvent()));

    List<Incident> incidents = harness.extractOutputValues();
    assertEquals(1, incidents.size());
    assertArrayEquals(pureFeatures(leak, false).values(), incidents.get(0).features);
  }

  @Test
  void anInstanceThatGoesSilentLeavesNoStateAndNoTimers() throws Exception {
    send(leak.all());
    harness.processWatermark(leak.crashTsMs + GRACE_MS);
    assertEquals(1, harness.extractOutputValues().size());
    assertTrue(harness.numKeyedStateEntries() > 0);

    harness.processWatermark(leak.crashTsMs + IDLE_MS + 1);

    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
  }

  @Test
  void anInstanceStillSendingKeepsItsStateAfterTheFirstIdleCheck() throws Exception {
    send(leak.metricEvents());
    LabIncidentEvents later = leak.shiftedBy(IDLE_MS - 60_000);
    send(later.metricEvents());

    harness.processWatermark(leak.crashTsMs + IDLE_MS + 1);

    assertTrue(harness.numKeyedStateEntries() > 0);
    assertEquals(1, harness.numEventTimeTimers(), "exactly one idle timer");
    harness.processWatermark(later.crashTsMs + IDLE_MS + 1);
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
  }

  @Test
  void aLeakInProgressOpensOneLiveIncidentPerEpisode() throws Exception {
    // The lab's leak reaches 512 goroutines in 3 s; scale the goroutine floor to the lab.
    var rules = new LeakDetector.Rules(100, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofSeconds(30));
    harness.close();
    harness = harness(CONFIG.withLeakRules(rules));

    send(leak.metricEvents());
    send(leak.shiftedBy(1_000).metricEvents()); // the same growth seen again within the episode

    List<Incident> incidents = harness.extractOutputValues();
    assertEquals(1, incidents.size(), incidents.toString());
    Incident live = incidents.get(0);
    assertEquals(Incident.LIVE, live.type);
    assertEquals("goroutines", live.liveResource);
    assertTrue(live.liveReason.startsWith("goroutines grew from "), live.liveReason);
    assertEquals(IncidentIds.live("quotes", "quotes-7d9f-1", live.tsMs), live.incidentId);
    assertArrayEquals(new String[] {"metrics"}, live.inputs);
  }
}
