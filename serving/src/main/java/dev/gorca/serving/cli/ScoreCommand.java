package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.scoring.ScoreResult;
import dev.gorca.model.scoring.ScoreResultJson;
import dev.gorca.model.scoring.Scorer;
import dev.gorca.serving.config.GorcaHome;
import dev.gorca.serving.score.TextScoring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca score}: diagnoses one incident, or every case folder under a directory (backtests). */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Diagnose an incident: the top-3 root causes with probabilities, why, where in the code, and what to do.",
      "--cases DIR scores every case folder (crash.txt and optionally dump.txt, metrics.jsonl, meta.json) in one run."
    })
final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--crash", paramLabel = "FILE") Path crash;
  @Option(names = "--dump", paramLabel = "FILE") Path dump;
  @Option(names = "--metrics", paramLabel = "FILE.jsonl") Path metrics;
  @Option(names = "--cases", paramLabel = "DIR", description = "Score every case folder under DIR, one JSON line each with its \"case\".") Path cases;
  @Option(names = "--model", paramLabel = "DIR", description = "Model registry (default: the model shipped with gorca).") Path model;
  @Option(names = "--json", description = "One JSON object per incident.") boolean json;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((crash == null) == (cases == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Give --crash FILE (with optional --dump and --metrics) or --cases DIR.");
    }
    PrintWriter out = spec.commandLine().getOut();
    FeatureSchema schema = FeatureSchema.current();
    Path registryDir = model != null ? model : GorcaHome.shippedModels();
    // A refused model (missing, corrupt, another schema) is one line and exit 3: OneLineInputErrors.
    try (Scorer scorer = Scorer.current(new DirectoryModelRegistry(registryDir), schema)) {
      EvidenceReader reader = new EvidenceReader(new GoTraceParser());
      ObjectMapper mapper = new ObjectMapper();
      if (cases != null) {
        Path root = cases;
        for (Path folder : CaseFolder.under(root)) {
          CaseFolder files = CaseFolder.read(folder);
          IncidentEvidence evidence = reader.read(files.crashText(), files.dumpText(), files.samples(), null, files.death(), 0);
          ScoreResult result = scorer.score(evidence);
          String name = root.relativize(folder).toString();
          if (json) {
            ObjectNode node = mapper.createObjectNode();
            node.put("case", name);
            node.setAll(ScoreResultJson.of(result));
            out.println(mapper.writeValueAsString(node));
          } else {
            out.printf("%-60s %-22s %.2f%n", name, result.top().get(0).rootCause(), result.top().get(0).probability());
          }
        }
      } else {
        CaseFolder files = CaseFolder.ofFiles(crash, dump, metrics);
        ScoreResult result = TextScoring.score(scorer, files.crashText(), files.dumpText(), files.samples(),
            System.currentTimeMillis());
        if (json) out.println(mapper.writeValueAsString(ScoreResultJson.of(result)));
        else out.print(ScoreResultJson.text(result));
      }
    }
    out.flush();
    return 0;
  }
}
