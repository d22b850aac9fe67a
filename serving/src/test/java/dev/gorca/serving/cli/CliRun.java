package dev.gorca.serving.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the gorca command line in-process and keeps what it printed, as a user would see it. */
final class CliRun {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  /** The exit code of the last {@link #run}, for tests that keep the run. */
  int exit = -1;

  int run(String... args) {
    CommandLine commandLine = GorcaCommand.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }
}
