package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.schema.FeatureDocs;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca features}: the named feature vector of one incident, for debugging and backtests. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Compute an incident's feature vector (docs/features.md) from its files.",
      "The incident time is --at, else the last metric sample's time (a crash file carries no time)."
    })
final class FeaturesCommand implements Callable<Integer> {
  @Option(names = "--crash", paramLabel = "FILE", description = "The crash output (stderr) of the dying process.")
  Path crash;

  @Option(names = "--dump", paramLabel = "FILE", description = "A goroutine dump (debug=2).")
  Path dump;

  @Option(names = "--metrics", paramLabel = "FILE.jsonl", description = "Metric samples, one JSON object per line (docs/events.md).")
  Path metrics;

  @Option(names = "--case", paramLabel = "DIR", description = "A case folder in the lab's layout (crash.txt, dump.txt, metrics.jsonl, meta.json).")
  Path caseFolder;

  @Option(names = "--at", paramLabel = "TS_MS", description = "The incident time, epoch milliseconds.")
  Long incidentTsMs;

  @Option(names = "--exit-code", description = "The process exit code.")
  Integer exitCode;

  @Option(names = "--signal", description = "The signal that killed the process, e.g. SIGKILL.")
  String signal;

  @Option(names = "--reason", description = "The platform's reason, e.g. OOMKilled.")
  String reason;

  @Option(names = "--json", description = "Print JSON (name to value, null for missing) instead of a table.")
  boolean json;

  @Option(names = "--schema", description = "Print the feature schema as the Markdown table of docs/features.md, then exit.")
  boolean printSchema;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (printSchema) {
      spec.commandLine().getOut().print(FeatureDocs.table(FeatureSchema.current()));
      spec.commandLine().getOut().flush();
      return 0;
    }
    if (crash == null && dump == null && metrics == null && caseFolder == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Give at least one of --crash, --dump, --metrics or --case.");
    }
    CaseFolder files = (caseFolder != null ? CaseFolder.read(caseFolder) : CaseFolder.ofFiles(crash, dump, metrics))
        .withDeath(new EvidenceReader.Death(exitCode, signal, reason));
    IncidentEvidence evidence = new EvidenceReader(new GoTraceParser())
        .read(files.crashText(), files.dumpText(), files.samples(), incidentTsMs, files.death(), System.currentTimeMillis());
    FeatureSchema schema = FeatureSchema.current();
    FeatureVector vector = IncidentFeatures.extract(evidence, schema);
    PrintWriter out = spec.commandLine().getOut();
    if (json) out.println(new ObjectMapper().writeValueAsString(toJson(schema, vector, evidence, files)));
    else printTable(out, schema, vector, evidence, files);
    out.flush();
    return 0;
  }

  static ObjectNode toJson(FeatureSchema schema, FeatureVector vector, IncidentEvidence evidence, CaseFolder files) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("feature_schema", vector.schemaVersion());
    node.put("incident_ts_ms", evidence.incidentTsMs());
    ArrayNode inputs = node.putArray("inputs");
    evidence.inputs().forEach(inputs::add);
    ObjectNode features = node.putObject("features");
    for (Map.Entry<String, Double> entry : vector.named(schema).entrySet()) {
      double value = entry.getValue();
      if (Double.isNaN(value)) features.putNull(entry.getKey());
      else features.put(entry.getKey(), value);
    }
    ArrayNode warnings = node.putArray("warnings");
    files.warnings().forEach(warnings::add);
    return node;
  }

  private static void printTable(PrintWriter out, FeatureSchema schema, FeatureVector vector, IncidentEvidence evidence, CaseFolder files) {
    out.println("feature schema " + vector.schemaVersion() + ", incident at " + evidence.incidentTsMs() + ", inputs " + evidence.inputs());
    for (Map.Entry<String, Double> entry : vector.named(schema).entrySet()) {
      double value = entry.getValue();
      out.printf("  %-44s %s%n", entry.getKey(), Double.isNaN(value) ? "-" : formatNumber(value));
    }
    files.warnings().forEach(w -> out.println("warning: " + w));
  }

  private static String formatNumber(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.format("%.6g", value);
  }
}
