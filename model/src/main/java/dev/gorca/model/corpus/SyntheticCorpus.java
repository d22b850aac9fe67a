package dev.gorca.model.corpus;

import dev.gorca.features.extract.CrashEvidence;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Widens the lab: each real case's crash and dump, seen with generated metric histories of the
 * production time scale ({@link TrajectoryGenerator}), through partial views, and — for the causes
 * that end in the kernel's OOM killer — as a death with no output at all (docs/training-data.md).
 */
public final class SyntheticCorpus {
  /** Causes whose story is told by the metrics; a metrics-only incident can name them. */
  public static final Set<String> METRIC_DRIVEN = Set.of(
      "goroutine_leak", "memory_leak", "gc_pressure", "resource_exhaustion", "lock_contention", "deadlock");
  /** Causes that often end as an OOM kill: SIGKILL, exit 137, nothing printed. */
  public static final Set<String> OOM_KILLED = Set.of("goroutine_leak", "memory_leak", "gc_pressure");

  private static final long FIRST_INCIDENT_TS = 1_800_000_000_000L;
  private static final GoTrace NO_OUTPUT = new GoTraceParser().parse("");

  private SyntheticCorpus() {}

  /**
   * @param variantsPerCase rows generated from each case
   * @param seed the generator's seed: the same seed gives the same corpus
   * @param progress called with (cases done, cases in all)
   */
  public static Corpus of(List<LabCase> cases, FeatureSchema schema, int variantsPerCase, long seed, Progress progress) {
    Random random = new Random(seed);
    TrajectoryGenerator generator = new TrajectoryGenerator(random);
    List<CorpusRow> rows = new ArrayList<>(cases.size() * variantsPerCase);
    long incidentTs = FIRST_INCIDENT_TS;
    int done = 0;
    for (LabCase c : cases) {
      for (int i = 0; i < variantsPerCase; i++) {
        incidentTs += 3_600_000;
        TrajectoryGenerator.Trajectory trajectory = generator.generate(c.rootCause(), incidentTs);
        boolean oomKilled = OOM_KILLED.contains(c.rootCause()) && random.nextDouble() < 0.25;
        boolean foreignThread = c.rootCause().equals("cgo_crash") && random.nextDouble() < 0.3;
        View view = oomKilled || foreignThread ? View.CRASH_AND_METRICS : view(c, random);
        CrashEvidence crash = oomKilled ? oomKill(random) : foreignThread ? foreignThreadCrash(random) : c.crash();
        IncidentEvidence evidence = new IncidentEvidence(incidentTs,
            view.crash ? crash : null, view.dump ? c.dump() : null, view.metrics ? trajectory.points() : List.of());
        double[] features = IncidentFeatures.extract(evidence, schema).values();
        rows.add(new CorpusRow(c.caseId() + "#" + i, c.rootCause(), c.program(), c.goVersion(), CorpusRow.SYNTHETIC,
            view, features));
      }
      progress.report(++done, cases.size());
    }
    return new Corpus(schema.version(), schema.names(), rows);
  }

  /** Mostly the whole picture; sometimes the dump or the crash is missing, as in production. */
  private static View view(LabCase c, Random random) {
    double p = random.nextDouble();
    boolean dump = c.dump() != null;
    if (p < 0.5) return dump ? View.FULL : View.CRASH_AND_METRICS;
    if (p < 0.8) return View.CRASH_AND_METRICS;
    if (METRIC_DRIVEN.contains(c.rootCause())) {
      if (p < 0.9 && dump) return View.DUMP_AND_METRICS;
      return View.METRICS_ONLY;
    }
    return dump ? View.FULL : View.CRASH_AND_METRICS;
  }

  /** The kernel killed it: the log lines before are all there is; sometimes the reason is known. */
  private static CrashEvidence oomKill(Random random) {
    return new CrashEvidence(NO_OUTPUT, 137, "SIGKILL", random.nextDouble() < 0.6 ? "OOMKilled" : null);
  }

  /**
   * A C library crashing on a thread it made itself: Go's signal handler never runs, the kernel
   * kills the process with SIGSEGV (or SIGABRT from the C runtime) and no Go output.
   */
  private static CrashEvidence foreignThreadCrash(Random random) {
    boolean abort = random.nextDouble() < 0.3;
    return new CrashEvidence(NO_OUTPUT, abort ? 134 : 139, abort ? "SIGABRT" : "SIGSEGV", null);
  }

  @FunctionalInterface
  public interface Progress {
    void report(int done, int total);

    Progress NONE = (done, total) -> {};
  }
}
