package dev.gorca.features.extract;

import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link IncidentEvidence} from raw texts and samples, the way the command line and the
 * score API receive them: parse, reduce samples to tracked metrics, decide the incident time.
 */
public final class EvidenceReader {
  private final GoTraceParser parser;

  public EvidenceReader(GoTraceParser parser) {
    this.parser = parser;
  }

  /**
   * @param crashText the crash's stderr, or null
   * @param dumpText a goroutine dump, or null
   * @param samples metric samples, possibly empty
   * @param crashTsMs when the crash happened, or null: a crash file carries no time, so the last
   *     sample's time stands in (the lab's and a collector's samples end at the death); with no
   *     samples either, {@code nowMs}
   * @param platform exit code, signal and reason of the death; null fields when unknown
   */
  public IncidentEvidence read(
      String crashText, String dumpText, List<MetricSample> samples, Long crashTsMs, Death platform, long nowMs) {
    List<MetricPoint> points = new ArrayList<>(samples.size());
    long lastSample = Long.MIN_VALUE;
    for (MetricSample sample : samples) {
      points.add(MetricPoint.of(sample));
      lastSample = Math.max(lastSample, sample.tsMs());
    }
    long incidentTs = crashTsMs != null ? crashTsMs : lastSample != Long.MIN_VALUE ? lastSample : nowMs;
    CrashEvidence crash = crashText == null ? null
        : new CrashEvidence(parser.parse(crashText), platform.exitCode(), platform.signal(), platform.reason());
    GoTrace dump = dumpText == null ? null : parser.parse(dumpText);
    return new IncidentEvidence(incidentTs, crash, dump, points);
  }

  /** What the platform saw of the death. */
  public record Death(Integer exitCode, String signal, String reason) {
    public static final Death UNKNOWN = new Death(null, null, null);
  }
}
