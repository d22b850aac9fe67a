package dev.gorca.model.training;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.model.eval.Evaluation;
import dev.gorca.model.eval.EvaluationReport;
import dev.gorca.model.gbm.GbmModel;
import dev.gorca.model.gbm.GbmParams;
import dev.gorca.model.registry.ModelCandidate;
import dev.gorca.model.registry.Provenance;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Packs a trained model, its calibration, novelty detector and evaluation into a registry candidate. */
public final class ModelPackager {
  private ModelPackager() {}

  /**
   * @param evaluations named evaluations for the report, e.g. {@code leave_program_out/full}
   * @param headline the evaluation whose metrics go into the provenance
   */
  public static ModelCandidate candidate(TrainedModel trained, FeatureSchema schema, GbmParams params,
      Map<String, Evaluation> evaluations, Evaluation headline, String parentModelId, String notes) {
    String text = trained.model().modelString();
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (headline != null) metrics.putAll(new java.util.TreeMap<>(headline.metrics()));
    Provenance.Builder provenance = Provenance.builder()
        .trainedAt(Instant.now())
        .modelIdFor(text)
        .schema(schema)
        .training(trained.trainingData(), params)
        .trainingDataHash(trained.trainingDataHash())
        .lightGbmVersion(GbmModel.lightGbmVersion())
        .javaVersion(System.getProperty("java.version"))
        .metrics(metrics)
        .notes(notes);
    if (parentModelId != null) provenance.parentModelId(parentModelId);
    Map<String, byte[]> extras = new LinkedHashMap<>();
    extras.put(ModelArtifacts.CALIBRATION, ModelArtifacts.serialize(trained.calibrator()));
    extras.put(ModelArtifacts.NOVELTY, ModelArtifacts.serialize(trained.novelty()));
    extras.put(ModelArtifacts.EVALUATION_JSON, EvaluationReport.jsonText(evaluations).getBytes(StandardCharsets.UTF_8));
    StringBuilder md = new StringBuilder("# Evaluation\n\n");
    evaluations.forEach((name, e) -> md.append(EvaluationReport.markdown(name, e)));
    extras.put(ModelArtifacts.EVALUATION_MD, md.toString().getBytes(StandardCharsets.UTF_8));
    return new ModelCandidate(text, provenance.build(), extras);
  }
}
