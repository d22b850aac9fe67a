package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.registry.Provenance;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gorca models list}: every stored model, oldest first, the current one marked. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "Every model in the registry, oldest first: id, when trained, feature schema, parent, held-out quality; * marks the current one.")
final class ModelsListCommand implements Callable<Integer> {
  @CommandLine.Mixin ModelsOptions.Registry registryOption;

  @CommandLine.Option(names = "--json", description = "One JSON object per model per line.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    DirectoryModelRegistry registry = registryOption.open();
    PrintWriter out = spec.commandLine().getOut();
    List<Provenance> models = registry.list();
    Optional<String> current = registry.current();
    if (!json && models.isEmpty()) out.println("no models in " + registry.root());
    if (!json && !models.isEmpty()) {
      out.printf("  %-32s %-20s %-24s %-6s %-8s %s%n", "MODEL", "TRAINED", "FEATURE SCHEMA", "TOP-1", "MACRO-F1", "PARENT");
    }
    for (Provenance p : models) {
      boolean isCurrent = current.isPresent() && current.get().equals(p.modelId());
      if (json) {
        out.println(toJson(p, isCurrent));
      } else {
        out.printf("%s %-32s %-20s %-24s %-6s %-8s %s%n", isCurrent ? "*" : " ", p.modelId(), p.trainedAt(), p.featureSchemaVersion(),
            figure(p.metrics(), "top1_accuracy"), figure(p.metrics(), "macro_f1"), p.parentModelId() == null ? "-" : p.parentModelId());
      }
    }
    out.flush();
    return 0;
  }

  private static String figure(Map<String, Double> metrics, String id) {
    Double value = metrics.get(id);
    return value == null ? "-" : String.format("%.3f", value);
  }

  private static String toJson(Provenance p, boolean isCurrent) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("model_id", p.modelId());
    node.put("current", isCurrent);
    node.put("trained_at", p.trainedAt().toString());
    node.put("feature_schema", p.featureSchemaVersion());
    node.put("parent_model_id", p.parentModelId());
    ObjectNode metrics = node.putObject("metrics");
    p.metrics().forEach(metrics::put);
    node.put("notes", p.notes());
    return node.toString();
  }
}
