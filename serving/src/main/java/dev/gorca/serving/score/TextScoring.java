package dev.gorca.serving.score;

import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.model.scoring.ScoreResult;
import dev.gorca.model.scoring.Scorer;
import java.util.List;
import java.util.Objects;

/**
 * Diagnoses one incident given as texts and samples: the one path {@code gorca score --crash} and
 * {@code POST /api/score} share, so both print the same JSON for the same input.
 */
public final class TextScoring {
  private TextScoring() {}

  /**
   * @param crashText the crash output, or null
   * @param dumpText a goroutine dump, or null
   * @param samples metric samples before the incident, possibly empty
   * @param nowMs the incident time when neither a crash time nor samples say it
   */
  public static ScoreResult score(Scorer scorer, String crashText, String dumpText, List<MetricSample> samples,
      long nowMs) {
    Objects.requireNonNull(scorer, "scorer == null");
    Objects.requireNonNull(samples, "samples == null");
    // A parser per call: cheap, and no state is shared between concurrent requests.
    EvidenceReader reader = new EvidenceReader(new GoTraceParser());
    return scorer.score(reader.read(crashText, dumpText, samples, null, EvidenceReader.Death.UNKNOWN, nowMs));
  }
}
