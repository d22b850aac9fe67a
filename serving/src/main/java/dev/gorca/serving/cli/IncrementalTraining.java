package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.model.training.LabelledRow;
import dev.gorca.serving.config.GorcaHome;
import dev.gorca.serving.learning.LearningStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code gorca train --init-model DIR --labels FILE.jsonl}: one incremental step, judged by the gate. */
final class IncrementalTraining {
  private final PrintWriter out;
  private final Path registryDir;
  private final Path labelsFile;
  private final Path outDir;
  private final long seed;

  IncrementalTraining(PrintWriter out, Path registryDir, Path labelsFile, Path outDir, long seed) {
    this.out = out;
    this.registryDir = registryDir;
    this.labelsFile = labelsFile;
    this.outDir = outDir;
    this.seed = seed;
  }

  int run() throws IOException {
    FeatureSchema schema = FeatureSchema.current();
    DirectoryModelRegistry registry = new DirectoryModelRegistry(registryDir);
    List<LabelledRow> labels = readLabels(labelsFile, schema);
    LearningStep learning = new LearningStep(schema, seed, LearningStep.labRows(GorcaHome.labCaptures(), schema));
    out.printf("continuing %s with %d labels (+ %d real lab rows replayed)%n", registry.current().orElse("(none)"),
        labels.size(), learning.labRowCount());
    DirectoryModelRegistry target = outDir == null ? registry : new DirectoryModelRegistry(outDir);
    LearningStep.Outcome outcome = learning.run(registry, target, labels, TrainCommand.progress(out));
    out.printf("candidate %s (parent %s) in %d ms: %s%n", outcome.candidateId(), outcome.parentId(),
        outcome.elapsedMillis(), outcome.reason());
    out.flush();
    return 0;
  }

  /**
   * One labelled incident per line: {@code {"root_cause": ..., "features": {name: value|null},
   * "feature_schema": ...}} as the incident store exports them, or {@code {"root_cause": ..., "case": DIR}}.
   */
  static List<LabelledRow> readLabels(Path file, FeatureSchema schema) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<LabelledRow> rows = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file)) {
      lineNumber++;
      if (line.isBlank()) continue;
      String where = file + ":" + lineNumber;
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (IOException e) {
        throw new IOException(where + ": expected a JSON object per line, got: " + e.getMessage());
      }
      String cause = node.path("root_cause").asText("");
      try {
        RootCause.fromId(cause);
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": " + e.getMessage());
      }
      String id = node.path("incident_id").asText(where);
      if (node.has("case")) {
        CaseFolder folder = CaseFolder.read(Path.of(node.get("case").asText()));
        var evidence = new EvidenceReader(new GoTraceParser()).read(folder.crashText(), folder.dumpText(), folder.samples(), null, folder.death(), 0);
        rows.add(new LabelledRow(id, cause, IncidentFeatures.extract(evidence, schema).values()));
      } else if (node.has("features")) {
        String version = node.path("feature_schema").asText(schema.version());
        if (!version.equals(schema.version())) {
          throw new IOException(where + ": features of schema " + version + ", this gorca computes " + schema.version()
              + "; re-export the labels or give a case folder");
        }
        double[] values = new double[schema.size()];
        Arrays.fill(values, Double.NaN);
        JsonNode features = node.get("features");
        for (var it = features.fields(); it.hasNext(); ) {
          var entry = it.next();
          if (!schema.has(entry.getKey())) throw new IOException(where + ": unknown feature " + entry.getKey());
          if (entry.getValue().isNumber()) values[schema.indexOf(entry.getKey())] = entry.getValue().asDouble();
        }
        rows.add(new LabelledRow(id, cause, values));
      } else {
        throw new IOException(where + ": expected \"features\" (an object) or \"case\" (a folder) beside \"root_cause\"");
      }
    }
    return rows;
  }
}
