package dev.gorca.serving.demo;

import dev.gorca.features.extract.CaseFolder;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real lab capture ready to be played again by a simulated instance: its metric samples, dump and
 * crash at their original spacing, shifted to end at a chosen crash time.
 *
 * @param samples the capture's samples with their time relative to the crash (negative: before it)
 */
public record LabReplay(String caseId, String rootCause, List<TimedSample> samples, String dumpText, String crashText,
    Integer exitCode, String signal, String reason, String goVersion) {
  /** The crash follows the last sample as in the lab, where the watchdog signals after a scrape. */
  static final long CRASH_AFTER_LAST_SAMPLE_MS = 150;
  static final long DUMP_BEFORE_CRASH_MS = 100;

  public record TimedSample(long offsetMs, Map<String, Double> values) {}

  /** One envelope of the replay, due at {@code tsMs}. */
  public record Step(long tsMs, String topic, Object envelope) {}

  public static List<LabReplay> readAll(Path captures) {
    List<LabReplay> replays = new ArrayList<>();
    try {
      for (Path folder : CaseFolder.under(captures)) {
        String caseId = captures.relativize(folder).toString();
        if (!caseId.startsWith("go")) continue; // large/ holds 100k-goroutine dumps only
        replays.add(of(caseId, CaseFolder.read(folder)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab captures under " + captures
          + " that the demo replays; run gorca from its repository (./gorca demo)", e);
    }
    if (replays.isEmpty()) {
      throw new IllegalStateException("no lab captures under " + captures + "; the demo replays lab/captures/go*/");
    }
    return replays;
  }

  /** One case, e.g. {@code go1.23/goroutine_leak/request_timeout}. */
  public static LabReplay read(Path captures, String caseId) {
    try {
      return of(caseId, CaseFolder.read(captures.resolve(caseId)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lab case " + caseId + " under " + captures, e);
    }
  }

  static LabReplay of(String caseId, CaseFolder folder) {
    List<MetricSample> raw = folder.samples();
    long last = raw.isEmpty() ? 0 : raw.get(raw.size() - 1).tsMs();
    List<TimedSample> samples = new ArrayList<>();
    for (MetricSample sample : raw) {
      samples.add(new TimedSample(sample.tsMs() - last - CRASH_AFTER_LAST_SAMPLE_MS, sample.values()));
    }
    String goVersion = folder.meta() == null ? null : folder.meta().path("go_version").asText(null);
    return new LabReplay(caseId, folder.metaText("root_cause"), List.copyOf(samples), folder.dumpText(),
        folder.crashText(), folder.death().exitCode(), folder.death().signal(), folder.death().reason(), goVersion);
  }

  /** The envelopes one instance sends when it dies at {@code crashTsMs}, in time order. */
  public List<Step> steps(String service, String instance, long crashTsMs, TopicNames topics) {
    List<Step> steps = new ArrayList<>();
    for (TimedSample sample : samples) {
      long ts = crashTsMs + sample.offsetMs();
      steps.add(new Step(ts, topics.metrics(), MetricsEnvelope.ofValues(service, instance, ts, sample.values())));
    }
    if (dumpText != null) {
      long ts = crashTsMs - DUMP_BEFORE_CRASH_MS;
      steps.add(new Step(ts, topics.dumps(), new DumpEnvelope(service, instance, ts, dumpText)));
    }
    steps.add(new Step(crashTsMs, topics.crashes(),
        new CrashEnvelope(service, instance, crashTsMs, crashText, exitCode, signal, reason, goVersion)));
    steps.sort(java.util.Comparator.comparingLong(Step::tsMs));
    return steps;
  }

  /** How long before its crash the replay starts. */
  public long leadMs() {
    long lead = dumpText == null ? 0 : DUMP_BEFORE_CRASH_MS;
    return samples.isEmpty() ? lead : Math.max(lead, -samples.get(0).offsetMs());
  }

  /** The topics a replay writes to. */
  public record TopicNames(String crashes, String metrics, String dumps) {}
}
