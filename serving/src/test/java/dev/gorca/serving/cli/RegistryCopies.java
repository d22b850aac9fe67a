package dev.gorca.serving.cli;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Registries for command-line tests, made from the shipped model so that models/ itself is never touched. */
final class RegistryCopies {
  private RegistryCopies() {}

  /** A registry holding only the shipped current model; returns its id. */
  static String copyShippedModel(Path registry) throws IOException {
    Path shipped = LabCaptures.repoRoot().resolve("models");
    String id = Files.readString(shipped.resolve("CURRENT")).trim();
    Path target = Files.createDirectories(registry.resolve(id));
    try (Stream<Path> files = Files.list(shipped.resolve(id))) {
      for (Path file : files.toList()) Files.copy(file, target.resolve(file.getFileName()));
    }
    Files.writeString(registry.resolve("CURRENT"), id + "\n");
    return id;
  }

  /**
   * A labels file that agrees with the lab: the six captures of request_timeout and map_writes under
   * their own root causes, which a continued model learns without getting worse.
   */
  static Path agreeingLabels(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (LabCapture capture : LabCaptures.all()) {
      if (capture.program().equals("request_timeout") || capture.program().equals("map_writes")) {
        lines.add(caseLabel("incident-" + lines.size(), capture.rootCause(), capture));
      }
    }
    return Files.write(file, lines);
  }

  /** One line of a labels file naming a lab case folder (docs/model.md, incremental training). */
  static String caseLabel(String incidentId, String rootCause, LabCapture capture) {
    return "{\"incident_id\": \"" + incidentId + "\", \"root_cause\": \"" + rootCause + "\", \"case\": \""
        + capture.directory().toString().replace("\\", "\\\\") + "\"}";
  }
}
