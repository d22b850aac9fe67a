package dev.gorca.serving.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceJson;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gorca parse}: reads crash logs and goroutine dumps and prints what the runtime said. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parse Go crash output, SIGQUIT dumps, race reports and goroutine dumps (debug=2).",
      "A directory is searched for *.txt, *.log, *.out, *.err, *.stderr and *.dump files."
    })
final class ParseCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files or directories to parse.")
  List<Path> inputs;

  @Option(names = "--json", description = "One JSON object per line per file.")
  boolean json;

  @Option(names = "--goroutines", description = "With --json: include every goroutine, not only buckets (default: ${DEFAULT-VALUE}).", negatable = true, defaultValue = "true")
  boolean includeGoroutines;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final List<String> TRACE_SUFFIXES = List.of(".txt", ".log", ".out", ".err", ".stderr", ".dump");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) files.addAll(traceFilesUnder(input));
      else if (Files.isRegularFile(input)) files.add(input);
      else {
        err.println("gorca parse: " + input + ": no such file or directory");
        return 1;
      }
    }
    GoTraceParser parser = new GoTraceParser();
    ObjectMapper mapper = new ObjectMapper();
    TraceSummary summary = new TraceSummary(out);
    for (Path file : files) {
      GoTrace trace = parser.parse(Files.readAllBytes(file));
      if (json) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", file.toString());
        node.setAll(GoTraceJson.of(trace));
        if (!includeGoroutines) node.remove("goroutines");
        out.println(mapper.writeValueAsString(node));
      } else {
        summary.print(file, trace);
      }
    }
    out.flush();
    return 0;
  }

  private static List<Path> traceFilesUnder(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> TRACE_SUFFIXES.stream().anyMatch(s -> p.getFileName().toString().endsWith(s)))
          .sorted()
          .toList();
    }
  }
}
