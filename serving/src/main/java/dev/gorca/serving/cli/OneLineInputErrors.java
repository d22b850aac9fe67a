package dev.gorca.serving.cli;

import dev.gorca.model.registry.ModelRejectedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * A file the user gave that cannot be read or is malformed (a labels file with a bad line, a missing
 * capture) gets one line, {@code gorca <command>: <what and where>}, and exit code 1; the message
 * already names the file and line. A model the registry refuses gets the same one line and exit code 3,
 * as in {@code gorca score}. Anything else is a bug and keeps picocli's stack trace.
 */
final class OneLineInputErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) throws Exception {
    PrintWriter err = commandLine.getErr();
    if (e instanceof ModelRejectedException refused) {
      // As gorca score reports it: the message says which file and what to do.
      err.println(commandLine.getCommandSpec().qualifiedName() + ": model refused: " + refused.getMessage());
      err.flush();
      return 3;
    }
    if (!(e instanceof IOException || e instanceof UncheckedIOException)) throw e;
    Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    String message = cause instanceof NoSuchFileException missing ? "no such file: " + missing.getFile() : e.getMessage();
    err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message);
    err.flush();
    return 1;
  }
}
