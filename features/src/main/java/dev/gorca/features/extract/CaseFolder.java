package dev.gorca.features.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * One incident's files in the lab's layout: {@code crash.txt} (required), {@code dump.txt},
 * {@code metrics.jsonl}, and {@code meta.json} (exit code, signal, reason; in the lab also the
 * root cause, program and Go version). Read by the training corpus and {@code gorca score --cases}.
 *
 * @param folder where it was read from, or null for loose files
 * @param crashText the crash output, or null when only other files were given
 * @param dumpText the goroutine dump, or null
 * @param samples metric samples, possibly empty
 * @param death exit code, signal and reason from meta.json, unknown when absent
 * @param meta meta.json as read, or null
 * @param warnings problems reading the metrics file (line-numbered)
 */
public record CaseFolder(Path folder, String crashText, String dumpText, List<MetricSample> samples,
    EvidenceReader.Death death, JsonNode meta, List<String> warnings) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static CaseFolder read(Path folder) throws IOException {
    Path crash = folder.resolve("crash.txt");
    if (!Files.isRegularFile(crash)) {
      throw new IOException(folder + " has no crash.txt; a case folder holds crash.txt and optionally dump.txt, metrics.jsonl, meta.json");
    }
    Path dump = folder.resolve("dump.txt");
    Path metrics = folder.resolve("metrics.jsonl");
    CaseFolder files = ofFiles(crash, Files.isRegularFile(dump) ? dump : null, Files.isRegularFile(metrics) ? metrics : null);
    Path metaFile = folder.resolve("meta.json");
    JsonNode meta = Files.isRegularFile(metaFile) ? JSON.readTree(metaFile.toFile()) : null;
    EvidenceReader.Death death = meta == null ? EvidenceReader.Death.UNKNOWN : new EvidenceReader.Death(
        meta.path("exit_code").isInt() ? meta.get("exit_code").asInt() : null,
        meta.path("signal").isTextual() ? meta.get("signal").asText() : null,
        meta.path("reason").isTextual() ? meta.get("reason").asText() : null);
    return new CaseFolder(folder, files.crashText, files.dumpText, files.samples, death, meta, files.warnings);
  }

  /** Loose files as the command line takes them; any of them may be null. */
  public static CaseFolder ofFiles(Path crash, Path dump, Path metrics) throws IOException {
    List<String> warnings = new ArrayList<>();
    List<MetricSample> samples = List.of();
    if (metrics != null) {
      MetricsFile file = MetricsJsonLines.read(metrics);
      samples = file.samples();
      for (LineWarning warning : file.warnings()) warnings.add(metrics + ": " + warning);
    }
    return new CaseFolder(null, text(crash), text(dump), samples, EvidenceReader.Death.UNKNOWN, null, List.copyOf(warnings));
  }

  /** The same files with what the caller knows of the death filled in over meta.json's. */
  public CaseFolder withDeath(EvidenceReader.Death known) {
    return new CaseFolder(folder, crashText, dumpText, samples, new EvidenceReader.Death(
        known.exitCode() != null ? known.exitCode() : death.exitCode(),
        known.signal() != null ? known.signal() : death.signal(),
        known.reason() != null ? known.reason() : death.reason()), meta, warnings);
  }

  private static String text(Path file) throws IOException {
    return file == null ? null : Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Every case folder (a folder holding crash.txt) under {@code root}, in path order. */
  public static List<Path> under(Path root) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals("crash.txt")).map(Path::getParent).sorted().toList();
    }
  }

  /** A meta.json text field, or "" when absent. */
  public String metaText(String field) {
    return meta == null ? "" : meta.path(field).asText("");
  }
}
