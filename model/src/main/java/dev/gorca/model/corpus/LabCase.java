package dev.gorca.model.corpus;

import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.CrashEvidence;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.MetricPoint;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A lab capture, parsed once: the real evidence of one root cause on one Go version. */
public record LabCase(String caseId, String rootCause, String program, String goVersion,
    CrashEvidence crash, GoTrace dump, List<MetricPoint> points, long incidentTsMs) {

  public static LabCase read(Path capturesRoot, Path folder, GoTraceParser parser) throws IOException {
    CaseFolder files = CaseFolder.read(folder);
    String rootCause = files.metaText("root_cause");
    if (rootCause.isEmpty()) throw new IOException(folder + "/meta.json has no root_cause; lab cases are labelled by it");
    String caseId = capturesRoot.relativize(folder).toString().replace('\\', '/');
    String goVersion = caseId.substring(0, caseId.indexOf('/'));
    List<MetricPoint> points = new ArrayList<>();
    long last = 0;
    for (var sample : files.samples()) {
      points.add(MetricPoint.of(sample));
      last = Math.max(last, sample.tsMs());
    }
    CrashEvidence crash = new CrashEvidence(parser.parse(files.crashText()),
        files.death().exitCode(), files.death().signal(), files.death().reason());
    GoTrace dump = files.dumpText() == null ? null : parser.parse(files.dumpText());
    return new LabCase(caseId, rootCause, rootCause + "/" + files.metaText("program"), goVersion, crash, dump,
        List.copyOf(points), last);
  }

  /** Every case under {@code lab/captures/go*}, skipping folders outside a Go version. */
  public static List<LabCase> readAll(Path capturesRoot) throws IOException {
    GoTraceParser parser = new GoTraceParser();
    List<LabCase> cases = new ArrayList<>();
    for (Path folder : CaseFolder.under(capturesRoot)) {
      if (!capturesRoot.relativize(folder).toString().startsWith("go")) continue;
      cases.add(read(capturesRoot, folder, parser));
    }
    return cases;
  }

  public boolean hasMetrics() {
    return !points.isEmpty();
  }

  /** The evidence as seen through a view, with these metric points (the case's own or generated). */
  public IncidentEvidence evidence(View view, List<MetricPoint> metricPoints, long incidentTs) {
    return new IncidentEvidence(incidentTs, view.crash ? crash : null, view.dump ? dump : null,
        view.metrics ? metricPoints : List.of());
  }
}
