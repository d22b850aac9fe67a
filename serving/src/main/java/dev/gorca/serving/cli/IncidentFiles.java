package dev.gorca.serving.cli;

import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsFile;
import dev.gorca.ingest.contract.MetricsJsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of one incident as the command line takes them: a crash log, a goroutine dump, a
 * metrics JSON Lines file — or a case folder in the lab's layout ({@code crash.txt}, {@code
 * dump.txt}, {@code metrics.jsonl}, {@code meta.json} with exit code, signal and reason).
 */
record IncidentFiles(String crashText, String dumpText, List<MetricSample> samples, EvidenceReader.Death death,
    List<String> warnings) {

  static IncidentFiles read(Path crash, Path dump, Path metrics) throws IOException {
    List<String> warnings = new ArrayList<>();
    List<MetricSample> samples = List.of();
    if (metrics != null) {
      MetricsFile file = MetricsJsonLines.read(metrics);
      samples = file.samples();
      for (LineWarning warning : file.warnings()) warnings.add(metrics + ": " + warning);
    }
    return new IncidentFiles(text(crash), text(dump), samples, EvidenceReader.Death.UNKNOWN, warnings);
  }

  /** A case folder in the lab's layout (see {@link CaseFolder}). */
  static IncidentFiles readCase(Path folder) throws IOException {
    CaseFolder c = CaseFolder.read(folder);
    return new IncidentFiles(c.crashText(), c.dumpText(), c.samples(), c.death(), c.warnings());
  }

  IncidentFiles withDeath(EvidenceReader.Death other) {
    return new IncidentFiles(crashText, dumpText, samples, new EvidenceReader.Death(
        other.exitCode() != null ? other.exitCode() : death.exitCode(),
        other.signal() != null ? other.signal() : death.signal(),
        other.reason() != null ? other.reason() : death.reason()), warnings);
  }

  private static String text(Path file) throws IOException {
    return file == null ? null : new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
