package dev.gorca.model.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The corpus: every real case in every view it supports, and a reproducible synthetic widening. */
class CorpusTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.current();
  private static final List<String> CAUSES = List.of("goroutine_leak", "deadlock", "concurrent_map_access",
      "nil_dereference", "index_out_of_range", "memory_leak", "gc_pressure", "stack_overflow", "channel_misuse",
      "sync_misuse", "lock_contention", "cgo_crash", "resource_exhaustion", "type_assertion", "application_panic");
  private static List<LabCase> cases;

  @BeforeAll
  static void readLab() throws Exception {
    cases = LabCase.readAll(LabCaptures.capturesRoot());
  }

  @Test
  void theLabCorpusHasEveryRootCauseAndEveryCaseInTheFullView() {
    Corpus lab = LabCorpus.of(cases, SCHEMA);
    assertEquals(new TreeSet<>(CAUSES), lab.countsPerClass().keySet());
    long full = lab.rows().stream().filter(r -> r.view() == View.FULL).count();
    assertEquals(cases.size(), full);
    assertTrue(lab.rows().stream().allMatch(CorpusRow::isLab));
  }

  @Test
  void theSameSeedGivesTheSameCorpusAndAnotherSeedAnother() {
    List<LabCase> some = cases.subList(0, 10);
    Corpus a = SyntheticCorpus.of(some, SCHEMA, 5, 7L, SyntheticCorpus.Progress.NONE);
    Corpus b = SyntheticCorpus.of(some, SCHEMA, 5, 7L, SyntheticCorpus.Progress.NONE);
    Corpus c = SyntheticCorpus.of(some, SCHEMA, 5, 8L, SyntheticCorpus.Progress.NONE);
    assertEquals(50, a.rows().size());
    assertEquals(a.sha256(), b.sha256());
    assertNotEquals(a.sha256(), c.sha256());
  }

  @Test
  void syntheticRowsKeepTheirCaseProgramAndLabel() {
    Corpus synthetic = SyntheticCorpus.of(cases, SCHEMA, 2, 1L, SyntheticCorpus.Progress.NONE);
    assertEquals(cases.size() * 2, synthetic.rows().size());
    Set<String> labPrograms = new TreeSet<>(cases.stream().map(LabCase::program).toList());
    assertEquals(labPrograms, synthetic.programs());
    for (CorpusRow row : synthetic.rows()) {
      assertEquals(row.program().substring(0, row.program().indexOf('/')), row.rootCause());
    }
  }

  @Test
  void theCsvHasAHeaderOfMetadataAndFeatureNamesAndOneLinePerRow(@TempDir Path dir) throws Exception {
    Corpus lab = LabCorpus.of(cases.subList(0, 3), SCHEMA);
    Path csv = dir.resolve("corpus.csv");
    CorpusCsv.write(lab, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(lab.rows().size() + 1, lines.size());
    String[] header = lines.get(0).split(",");
    assertEquals("case_id", header[0]);
    assertEquals(SCHEMA.names().get(0), header[CorpusCsv.META_COLUMNS.length]);
    assertEquals(CorpusCsv.META_COLUMNS.length + SCHEMA.size(), header.length);
  }
}
