package dev.gorca.serving.learning;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.corpus.LabCase;
import dev.gorca.model.corpus.LabCorpus;
import dev.gorca.model.corpus.View;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.eval.EvaluationReport;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.FeatureContract;
import dev.gorca.model.registry.ModelCandidate;
import dev.gorca.model.registry.StoredModel;
import dev.gorca.model.training.IncrementalTrainer;
import dev.gorca.model.training.LabelledRow;
import dev.gorca.model.training.ModelArtifacts;
import dev.gorca.model.training.ModelPackager;
import dev.gorca.model.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One turn of the learning loop: continue the registry's current model with operators' labels, let
 * the gate judge the candidate against the current model, save it, and promote it if the gate says
 * so. Shared by {@code gorca train --init-model} and the stream ({@link LearnFromLabels}).
 */
public final class LearningStep {
  /**
   * @param candidateId the saved candidate, promoted or not
   * @param metricsJson the gate's evaluations as JSON (what the store records for a promoted model)
   */
  public record Outcome(String candidateId, String parentId, boolean promoted, String reason, int labels,
      long elapsedMillis, String metricsJson) {}

  private final FeatureSchema schema;
  private final long seed;
  private final List<LabelledRow> labRows;

  /** @param labRows the real lab rows replayed in training and judged by the gate ({@link #labRows(Path, FeatureSchema)}) */
  public LearningStep(FeatureSchema schema, long seed, List<LabelledRow> labRows) {
    this.schema = schema;
    this.seed = seed;
    this.labRows = List.copyOf(labRows);
  }

  /** The lab's real captures in the full-evidence view: what every step replays and the gate judges on. */
  public static List<LabelledRow> labRows(Path labCaptures, FeatureSchema schema) {
    try {
      return LabCorpus.of(LabCase.readAll(labCaptures), schema).rows().stream()
          .filter(r -> r.view() == View.FULL)
          .map(r -> new LabelledRow(r.caseId(), r.rootCause(), r.features()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab captures under " + labCaptures
          + " that the learning loop replays; point the learning settings at gorca's lab/captures", e);
    }
  }

  public int labRowCount() {
    return labRows.size();
  }

  /**
   * Continues {@code source}'s current model with {@code labels}, saves the candidate in {@code target} and promotes
   * it there when the gate passes it.
   */
  public Outcome run(DirectoryModelRegistry source, DirectoryModelRegistry target, List<LabelledRow> labels,
      Trainer.Progress progress) {
    StoredModel stored = source.loadCurrent(FeatureContract.of(schema));
    GbmParams params = GbmParams.incremental(schema).toBuilder().seed(seed).build();
    try (GbmModel current = stored.open()) {
      IncrementalTrainer.Step step = new IncrementalTrainer(schema, params, seed)
          .step(current, ModelArtifacts.calibrator(stored), labels, labRows, progress);
      try (var candidate = step.candidate()) {
        Map<String, Evaluation> evaluations = new LinkedHashMap<>();
        evaluations.put("gate/lab_current", step.currentOnLab());
        evaluations.put("gate/lab_candidate", step.candidateOnLab());
        if (step.currentOnLabels() != null) {
          evaluations.put("gate/labels_current", step.currentOnLabels());
          evaluations.put("gate/labels_candidate", step.candidateOnLabels());
        }
        ModelCandidate packed = ModelPackager.candidate(candidate, schema, params, evaluations, step.candidateOnLab(),
            stored.modelId(), "incremental step: " + step.trainedOn() + " labels trained, " + step.heldBack()
                + " held back; " + step.verdict().reason());
        String id = target.save(packed);
        if (step.verdict().promote()) target.promote(id);
        return new Outcome(id, stored.modelId(), step.verdict().promote(), step.verdict().reason(), labels.size(),
            step.elapsedMillis(), EvaluationReport.jsonText(evaluations));
      }
    }
  }
}
