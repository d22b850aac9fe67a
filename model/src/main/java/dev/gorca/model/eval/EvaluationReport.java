package dev.gorca.model.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** Writes evaluations as JSON (for machines and the model page) and Markdown (for people). */
public final class EvaluationReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationReport() {}

  public static ObjectNode json(Evaluation e) {
    ObjectNode node = JSON.createObjectNode();
    node.put("rows", e.rows());
    ObjectNode metrics = node.putObject("metrics");
    new TreeMap<>(e.metrics()).forEach(metrics::put);
    ObjectNode perClass = node.putObject("per_class");
    e.perClass().forEach((id, m) -> {
      ObjectNode c = perClass.putObject(id);
      c.put("precision", m.precision());
      c.put("recall", m.recall());
      c.put("f1", m.f1());
      c.put("support", m.support());
    });
    ArrayNode classes = node.putArray("classes");
    e.classes().forEach(classes::add);
    ArrayNode confusion = node.putArray("confusion");
    for (int[] row : e.confusion()) {
      ArrayNode r = confusion.addArray();
      for (int v : row) r.add(v);
    }
    ArrayNode reliability = node.putArray("reliability");
    for (Evaluation.ReliabilityBin bin : e.reliability()) {
      ObjectNode b = reliability.addObject();
      b.put("from", bin.from());
      b.put("to", bin.to());
      b.put("count", bin.count());
      b.put("mean_confidence", bin.meanConfidence());
      b.put("accuracy", bin.accuracy());
    }
    return node;
  }

  public static String jsonText(Map<String, Evaluation> evaluations) {
    ObjectNode node = JSON.createObjectNode();
    evaluations.forEach((name, e) -> node.set(name, json(e)));
    try {
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String markdown(String title, Evaluation e) {
    StringBuilder md = new StringBuilder();
    md.append("### ").append(title).append("\n\n");
    md.append(String.format("%d rows: top-1 %.3f, top-3 %.3f, macro-F1 %.3f, log loss %.3f, ECE %.3f%n%n", e.rows(),
        e.metric(Evaluation.TOP1), e.metric(Evaluation.TOP3), e.metric(Evaluation.MACRO_F1), e.metric(Evaluation.LOG_LOSS),
        e.metric(Evaluation.ECE)));
    md.append("| root cause | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
    e.perClass().forEach((id, m) -> {
      if (m.support() > 0 || m.precision() > 0) {
        md.append(String.format("| %s | %.3f | %.3f | %.3f | %d |%n", id, m.precision(), m.recall(), m.f1(), m.support()));
      }
    });
    md.append("\nConfusion (rows: true, columns: predicted; classes in order ")
        .append(String.join(", ", e.classes())).append("):\n\n```\n");
    for (int i = 0; i < e.confusion().length; i++) {
      StringBuilder row = new StringBuilder();
      for (int v : e.confusion()[i]) row.append(String.format("%4d", v));
      md.append(String.format("%-22s%s%n", e.classes().get(i), row));
    }
    md.append("```\n\nReliability (top-1 confidence):\n\n| bin | rows | mean confidence | accuracy |\n|---|---|---|---|\n");
    for (Evaluation.ReliabilityBin bin : e.reliability()) {
      if (bin.count() == 0) continue;
      md.append(String.format("| %.1f–%.1f | %d | %.3f | %.3f |%n", bin.from(), bin.to(), bin.count(), bin.meanConfidence(), bin.accuracy()));
    }
    return md.append('\n').toString();
  }
}
