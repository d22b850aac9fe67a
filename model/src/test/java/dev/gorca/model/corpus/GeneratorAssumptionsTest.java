package dev.gorca.model.corpus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's assumptions checked against the real captures (docs/training-data.md): for each
 * claim, the same relation must hold in the lab's own metrics and in the generated ones. The lab
 * runs last seconds, the generated histories minutes, so relations are compared, not magnitudes.
 */
class GeneratorAssumptionsTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.current();
  private static Corpus lab;
  private static Corpus synthetic;

  @BeforeAll
  static void build() throws Exception {
    List<LabCase> cases = LabCase.readAll(LabCaptures.capturesRoot());
    lab = LabCorpus.of(cases, SCHEMA).filter(r -> r.view() == View.FULL);
    synthetic = SyntheticCorpus.of(cases, SCHEMA, 10, 1L, SyntheticCorpus.Progress.NONE).filter(r -> r.view().metrics);
  }

  private static double median(Corpus corpus, String cause, String feature) {
    int i = SCHEMA.indexOf(feature);
    double[] values = corpus.rows().stream().filter(r -> r.rootCause().equals(cause))
        .mapToDouble(r -> r.features()[i]).filter(v -> !Double.isNaN(v)).sorted().toArray();
    return values.length == 0 ? Double.NaN : values[values.length / 2];
  }

  private static void inBoth(String claim, java.util.function.Function<Corpus, Boolean> holds) {
    assertTrue(holds.apply(lab), "real captures contradict: " + claim);
    assertTrue(holds.apply(synthetic), "generated metrics contradict: " + claim);
  }

  @Test
  void goroutineLeaksGrowGoroutinesMoreThanAnyCodeBug() {
    inBoth("goroutine_leak grows goroutines more than nil_dereference, index_out_of_range and type_assertion", c ->
        median(c, "goroutine_leak", "goroutines_growth_ratio_5m") > 2 * median(c, "nil_dereference", "goroutines_growth_ratio_5m")
            && median(c, "goroutine_leak", "goroutines_growth_ratio_5m") > 2 * median(c, "index_out_of_range", "goroutines_growth_ratio_5m")
            && median(c, "goroutine_leak", "goroutines_growth_ratio_5m") > 2 * median(c, "type_assertion", "goroutines_growth_ratio_5m"));
  }

  @Test
  void memoryLeaksGrowTheHeapWithGoroutinesStable() {
    inBoth("memory_leak's heap grows more than its goroutines", c ->
        median(c, "memory_leak", "heap_alloc_growth_ratio_5m") > median(c, "memory_leak", "goroutines_growth_ratio_5m"));
  }

  /**
   * Against the leaks, not the code bugs: the lab's code-bug programs die milliseconds after the
   * start-up GC labkit forces, so their real "GC rate" is one cycle over a few milliseconds.
   */
  @Test
  void gcPressureRunsTheCollectorFasterThanLeaksWithTheHeapAtItsTarget() {
    inBoth("gc_pressure runs GC faster than goroutine_leak and memory_leak, with the heap near the next GC target", c ->
        median(c, "gc_pressure", "gc_cycles_per_second_5m") > median(c, "goroutine_leak", "gc_cycles_per_second_5m")
            && median(c, "gc_pressure", "gc_cycles_per_second_5m") > median(c, "memory_leak", "gc_cycles_per_second_5m")
            && median(c, "gc_pressure", "heap_to_next_gc_ratio_last") > 0.85);
  }

  @Test
  void lockContentionPilesUpGoroutines() {
    inBoth("lock_contention grows goroutines more than code bugs do", c ->
        median(c, "lock_contention", "goroutines_growth_ratio_5m") > median(c, "nil_dereference", "goroutines_growth_ratio_5m"));
  }

  @Test
  void deadlocksBurnNoCpu() {
    inBoth("a deadlocked process uses almost no CPU", c -> median(c, "deadlock", "cpu_cores_used_5m") < 0.05);
  }
}
