package dev.gorca.serving.cli;

import dev.gorca.serving.bench.BenchOptions;
import dev.gorca.serving.bench.BenchReport;
import dev.gorca.serving.bench.BenchResults;
import dev.gorca.serving.bench.Durations;
import dev.gorca.serving.bench.EndToEndBench;
import dev.gorca.serving.bench.Phase;
import dev.gorca.serving.config.GorcaHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gorca bench}: the end-to-end benchmark on the embedded default (docs/benchmarks.md, "End to end"). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure gorca end to end in this JVM: a real Kafka broker, the streaming",
      "job on a Flink MiniCluster and, for the learning loop, PostgreSQL, fed with",
      "envelopes of real lab captures. Prints metric samples/s and crash events/s",
      "through Kafka -> Flink -> Kafka, crash-to-incident latency percentiles, and",
      "the time from labels to a promoted model scoring new incidents. Progress",
      "goes to stderr. The defaults take about 5 minutes (docs/benchmarks.md)."
    })
final class BenchCommand implements Callable<Integer> {
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @Spec CommandSpec spec;

  @Option(names = "--phases", defaultValue = "throughput,latency,learning", paramLabel = "LIST",
      description = "Which phases: throughput, latency, learning (default: ${DEFAULT-VALUE}).")
  String phases;

  @Option(names = "--instances", defaultValue = "1000",
      description = "Instances in the throughput burst, each ending with a lab crash (default: ${DEFAULT-VALUE}).")
  int instances;

  @Option(names = "--samples-per-instance", defaultValue = "200",
      description = "Metric samples per instance in the burst (default: ${DEFAULT-VALUE}).")
  int samplesPerInstance;

  @Option(names = "--throughput-checkpoint", defaultValue = "1s", paramLabel = "DURATION",
      description = "Checkpoint interval of the throughput job (default: ${DEFAULT-VALUE}).")
  String throughputCheckpoint;

  @Option(names = "--latency-runs", defaultValue = "10s:60s,1s:30s", paramLabel = "CHECKPOINT:DURATION,...",
      description = "Latency runs: checkpoint interval and how long crashes are produced (default: ${DEFAULT-VALUE}).")
  String latencyRuns;

  @Option(names = "--crashes-per-second", defaultValue = "5",
      description = "Steady crash rate of the latency runs (default: ${DEFAULT-VALUE}).")
  double crashesPerSecond;

  @Option(names = "--labels", defaultValue = "20,100", paramLabel = "N,...",
      description = "Learning runs, each with learning.min-labels N and N labelled incidents (default: ${DEFAULT-VALUE}).")
  String labels;

  @Option(names = "--learning-checkpoint", defaultValue = "10s", paramLabel = "DURATION",
      description = "Checkpoint interval of the learning jobs (default: ${DEFAULT-VALUE}, the job's default).")
  String learningCheckpoint;

  @Option(names = "--parallelism", defaultValue = "2",
      description = "Parallelism of the job and partitions per topic (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
  boolean json;

  @Option(names = "--verbose", description = "Keep the warnings of Kafka and Flink (by default only errors are logged).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    BenchOptions options;
    try {
      options = options();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!verbose && System.getProperty(LOG_LEVEL) == null) {
      // Flink and Kafka warn about a local setup (no log file, no tokens, cancelled checkpoints on stop), which would
      // bury the progress lines; slf4j-simple reads this when the first logger is created, which is after this.
      System.setProperty(LOG_LEVEL, "error");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BenchResults results = new EndToEndBench(options, err).run(commandText());
    out.print(json ? BenchReport.json(results) + System.lineSeparator() : BenchReport.table(results));
    out.flush();
    return 0;
  }

  private BenchOptions options() {
    List<Integer> labelCounts = Arrays.stream(labels.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(BenchCommand::count).toList();
    return new BenchOptions(Phase.parse(phases), instances, samplesPerInstance,
        Durations.parse(throughputCheckpoint),
        BenchOptions.LatencyRun.parseList(latencyRuns), crashesPerSecond, labelCounts,
        Durations.parse(learningCheckpoint), parallelism,
        GorcaHome.labCaptures(), GorcaHome.shippedModels());
  }

  private static int count(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected label counts such as 20,100, found \"" + text + "\"");
    }
  }

  private String commandText() {
    return "gorca " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
