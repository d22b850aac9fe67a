package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Crash features of every lab capture: what each root cause must show, on every Go version. */
class CrashFeaturesCapturesTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.current();

  static List<LabCapture> captures() {
    return LabCaptures.all();
  }

  private static FeatureVector features(LabCapture capture) {
    GoTrace trace = new GoTraceParser().parse(capture.read(capture.crash()));
    var meta = capture.meta();
    CrashEvidence crash = new CrashEvidence(trace,
        meta.path("exit_code").isInt() ? meta.get("exit_code").asInt() : null,
        meta.path("signal").isTextual() ? meta.get("signal").asText() : null,
        meta.path("reason").isTextual() ? meta.get("reason").asText() : null);
    return IncidentFeatures.extract(new IncidentEvidence(0, crash, null, List.of()), SCHEMA);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void crashFeaturesSayWhatTheRuntimePrinted(LabCapture capture) {
    GoTrace trace = new GoTraceParser().parse(capture.read(capture.crash()));
    FeatureVector v = features(capture);

    assertEquals(1.0, v.get(SCHEMA, "has_crash"));
    assertEquals(trace.kind().ordinal(), v.get(SCHEMA, "crash_kind"));
    assertEquals(capture.crashGoroutines(), v.get(SCHEMA, "crash_goroutines"));
    assertEquals(capture.meta().path("exit_code").asInt(), v.get(SCHEMA, "crash_exit_code"));
    assertEquals(trace.panics().size(), v.get(SCHEMA, "crash_panics"));
    assertEquals(trace.races().size(), v.get(SCHEMA, "crash_race_reports"));
    assertEquals(goroutinesPrintedWithoutStack(new String(capture.read(capture.crash()), StandardCharsets.UTF_8)), v.get(SCHEMA, "crash_goroutines_unstoppable"));
  }

  /** Counted on the raw text, apart from the parser: a goroutine header followed by the runtime's no-stack line. */
  private static double goroutinesPrintedWithoutStack(String crashText) {
    String[] lines = crashText.split("\n", -1);
    return IntStream.range(0, lines.length - 1)
        .filter(i -> GOROUTINE_HEADER.matcher(lines[i]).matches())
        .filter(i -> lines[i + 1].strip().equals("goroutine running on other thread; stack unavailable"))
        .mapToObj(i -> lines[i].split(" ")[1])
        .distinct()
        .count();
  }

  private static final Pattern GOROUTINE_HEADER = Pattern.compile("^goroutine \\d+ .*:$");

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void eachRootCauseShowsItsSignature(LabCapture capture) {
    FeatureVector v = features(capture);
    String kind = new GoTraceParser().parse(capture.read(capture.crash())).kind().id();
    switch (capture.rootCause()) {
      case "stack_overflow" -> {
        // Go 1.21+ prints the count of elided frames; Go 1.19 stops after 100 frames, sometimes
        // with "...additional frames elided...", sometimes silently (seen under GOTRACEBACK=system),
        // so there the printed repetitions are only a lower bound.
        if (!capture.goVersion().equals("go1.19")) assertEquals(1.0, v.get(SCHEMA, "crash_frames_elided"));
        double floor = capture.goVersion().equals("go1.19") ? 10 : 1_000;
        assertTrue(v.get(SCHEMA, "crash_recursion_depth") >= floor,
            "a stack overflow recurses deeply: " + v.get(SCHEMA, "crash_recursion_depth"));
      }
      case "nil_dereference" -> {
        if (v.get(SCHEMA, "crash_signal") == 1.0) {
          assertEquals(1.0, v.get(SCHEMA, "crash_fault_address_near_nil"), "SIGSEGV near address 0");
        }
      }
      case "cgo_crash" -> {
        if (!kind.equals("none")) assertTrue(v.get(SCHEMA, "crash_cgo_frames") >= 1, "cgo frames or a signal during cgo");
      }
      case "lock_contention" -> {
        // Scheduler starvation: the spinning goroutines never reach a safe point, so the SIGQUIT
        // handler cannot stop them to print their stacks (seen under Go 1.19, 1.21 and 1.23).
        if (List.of("nonpreemptible_loop", "spin_lock_starvation", "busy_poll_starvation").contains(capture.program())) {
          assertTrue(v.get(SCHEMA, "crash_goroutines_unstoppable") >= 1, "goroutines still running when the process died");
        }
      }
      default -> {}
    }
    if (capture.meta().path("reason").asText().equals("OOMKilled")) {
      assertEquals(1.0, v.get(SCHEMA, "crash_oom_killed"));
      assertEquals(1.0, v.get(SCHEMA, "crash_no_runtime_output"));
      assertEquals(5.0, v.get(SCHEMA, "crash_signal"), "SIGKILL from the envelope");
    }
    if (kind.equals("race_report")) assertTrue(v.get(SCHEMA, "crash_race_reports") >= 1);
  }
}
