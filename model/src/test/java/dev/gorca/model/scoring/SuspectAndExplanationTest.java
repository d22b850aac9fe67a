package dev.gorca.model.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.extract.CrashSite;
import dev.gorca.features.extract.DumpShapeFeatures;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suspects and sentences for real lab incidents. */
class SuspectAndExplanationTest {
  private final GoTraceParser parser = new GoTraceParser();
  private final FeatureSchema schema = FeatureSchema.current();

  private GoTrace crash(String name) {
    LabCapture c = LabCaptures.named(name);
    return parser.parse(c.read(c.crash()));
  }

  @Test
  void aLeakIsPinnedOnItsLargestBucket() {
    LabCapture c = LabCaptures.named("go1.23/goroutine_leak/request_timeout");
    GoTrace dump = parser.parse(c.read(c.dump()));

    Suspect suspect = SuspectFinder.find("goroutine_leak", CrashSite.of(crash(c.name())), "", DumpShapeFeatures.topBuckets(dump.goroutines(), 5));

    assertEquals("bucket", suspect.kind());
    assertEquals(500, suspect.goroutines());
    assertEquals("chan send", suspect.state());
    assertEquals("main.(*Gateway).fetchQuote.func1", suspect.function());
    assertTrue(suspect.sentence().startsWith("500 goroutines in chan send at main.(*Gateway).fetchQuote.func1 main.go:"), suspect.sentence());
    assertTrue(suspect.sentence().endsWith(", created by main.(*Gateway).fetchQuote"), suspect.sentence());
  }

  @Test
  void aNilDereferenceIsPinnedOnTheFailingFrame() {
    GoTrace trace = crash("go1.21/nil_dereference/nil_method_receiver");

    Suspect suspect = SuspectFinder.find("nil_dereference", CrashSite.of(trace), "", DumpShapeFeatures.topBuckets(trace.goroutines(), 5));

    assertEquals("crash_site", suspect.kind());
    assertEquals("main.(*Customer).DiscountFor", suspect.function());
    assertEquals(31, suspect.line());
    assertTrue(suspect.sentence().startsWith("the failing goroutine was at main.(*Customer).DiscountFor main.go:31"), suspect.sentence());
  }

  @Test
  void aStackOverflowNamesTheFunctionThatCallsItself() {
    GoTrace trace = crash("go1.23/stack_overflow/mutual_recursion");
    Suspect suspect = SuspectFinder.find("stack_overflow", CrashSite.of(trace), CrashSite.mostRepeatedFunction(trace), List.of());
    assertEquals("recursion", suspect.kind());
    assertTrue(suspect.sentence().contains("calls itself without end"), suspect.sentence());
    assertTrue(suspect.function().startsWith("main."), suspect.function());
  }

  @Test
  void sentencesSayWhatTheFeaturesMeanAndGroupTheSameSeries() throws Exception {
    LabCapture c = LabCaptures.named("go1.23/goroutine_leak/request_timeout");
    var files = dev.gorca.features.extract.CaseFolder.read(c.directory());
    var evidence = new EvidenceReader(parser).read(files.crashText(), files.dumpText(), files.samples(), null, files.death(), 0);
    double[] values = IncidentFeatures.extract(evidence, schema).values();
    double[] contributions = new double[schema.size() + 1];
    contributions[schema.indexOf("goroutines_delta_5m")] = 2.0;
    contributions[schema.indexOf("goroutines_growth_ratio_5m")] = 1.0; // same sentence as the delta
    contributions[schema.indexOf("dump_share_chan_send")] = 1.5;
    contributions[schema.indexOf("crash_kind")] = 0.5;
    contributions[schema.indexOf("threads_last")] = -3.0; // against this cause: not a reason

    List<Explainer.Reason> reasons = new Explainer(schema).explain(values, contributions, "SIGQUIT: quit");

    assertEquals(3, reasons.size());
    assertEquals("goroutines grew from 1 to 512 in 5 min", reasons.get(0).sentence());
    assertEquals(3.0, reasons.get(0).contribution(), 1e-12);
    assertEquals(List.of("goroutines_delta_5m", "goroutines_growth_ratio_5m"), reasons.get(0).features());
    assertEquals("98% of goroutines blocked sending on a channel", reasons.get(1).sentence());
    assertEquals("the runtime said: SIGQUIT: quit", reasons.get(2).sentence());
  }
}
