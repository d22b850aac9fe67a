package dev.gorca.serving.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Bad usage gets one line naming the problem and where to look, and exit code 2 — not a wall of help. */
final class OneLineUsageErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("gorca: " + e.getMessage() + " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return 2;
  }
}
