package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.corpus.LabCorpus;
import dev.gorca.model.corpus.View;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.ModelCandidate;
import dev.gorca.model.registry.StoredModel;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.model.training.IncrementalTrainer;
import dev.gorca.model.training.LabelledRow;
import dev.gorca.model.training.ModelArtifacts;
import dev.gorca.model.training.ModelPackager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    StoredModel stored = registry.loadCurrent(FeatureContract.of(schema));
    List<LabelledRow> labels = readLabels(labelsFile, schema);
    List<LabelledRow> lab = LabCorpus.of(LabCase.readAll(GorcaHome.labCaptures()), schema).rows().stream()
        .filter(r -> r.view() == View.FULL)
        .map(r -> new LabelledRow(r.caseId(), r.rootCause(), r.features()))
        .toList();
    out.printf("continuing %s with %d labels (+ %d real lab rows replayed)%n", stored.modelId(), labels.size(), lab.size());
    GbmParams params = GbmParams.defaults(schema).toBuilder().seed(seed).build();
    try (GbmModel current = stored.open()) {
      IncrementalTrainer.Step step = new IncrementalTrainer(schema, params, seed)
          .step(current, ModelArtifacts.calibrator(stored), labels, lab, TrainCommand.progress(out));
      try (var candidate = step.candidate()) {
        Map<String, Evaluation> evaluations = new LinkedHashMap<>();
        evaluations.put("gate/lab_current", step.currentOnLab());
        evaluations.put("gate/lab_candidate", step.candidateOnLab());
        if (step.currentOnLabels() != null) {
          evaluations.put("gate/labels_current", step.currentOnLabels());
          evaluations.put("gate/labels_candidate", step.candidateOnLabels());
        }
        ModelCandidate packed = ModelPackager.candidate(candidate, schema, params, evaluations, step.candidateOnLab(),
            stored.modelId(), "incremental step: " + step.trainedOn() + " labels trained, " + step.heldBack() + " held back; "
                + step.verdict().reason());
        DirectoryModelRegistry target = outDir == null ? registry : new DirectoryModelRegistry(outDir);
        String id = target.save(packed);
        if (step.verdict().promote()) target.promote(id);
        out.printf("candidate %s (parent %s) in %d ms: %s%n", id, stored.modelId(), step.elapsedMillis(), step.verdict().reason());
      }
    }
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
