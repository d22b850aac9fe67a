package dev.gorca.model.scoring;

import java.util.List;

/**
 * A diagnosis: what `gorca score --json`, the API and the incident store say about an incident.
 *
 * @param top the three likeliest root causes, calibrated probabilities, likeliest first
 * @param explanation why the top cause, in sentences, strongest first
 * @param suspect where in the code to look, or null when nothing points there
 * @param title the top cause's title
 * @param remediation the top cause's playbook as text
 * @param modelId the model version that scored it
 * @param featureSchema the feature schema version of the vector
 * @param inputs which inputs the incident had: crash, dump, metrics
 * @param novelty isolation-forest score; higher is less like anything trained on
 * @param novel the score is above the model's threshold: possibly a new cause, review it
 */
public record ScoreResult(List<Ranked> top, List<Explainer.Reason> explanation, Suspect suspect, String title,
    String remediation, String modelId, String featureSchema, List<String> inputs, double novelty, boolean novel) {

  public ScoreResult {
    top = List.copyOf(top);
    explanation = List.copyOf(explanation);
    inputs = List.copyOf(inputs);
  }

  public record Ranked(String rootCause, double probability) {}

  /** Top-1 minus top-2 probability: low margins go first in the review queue. */
  public double margin() {
    return top.size() < 2 ? top.get(0).probability() : top.get(0).probability() - top.get(1).probability();
  }
}
