package dev.gorca.serving.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gorca} command line: one entry point, one subcommand per job. */
@Command(
    name = "gorca",
    mixinStandardHelpOptions = true,
    versionProvider = GorcaVersion.class,
    description = "Root-cause analysis for crashing and hanging Go services.",
    subcommands = {ParseCommand.class, FeaturesCommand.class, ScoreCommand.class, TrainCommand.class, ModelsCommand.class, ExportCommand.class,
        DemoCommand.class, RunCommand.class, GrafanaCommand.class, CollectCommand.class,
        ServeCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class GorcaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see 'gorca --help'.");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and the tests. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new GorcaCommand());
    commandLine.setParameterExceptionHandler(new OneLineUsageErrors());
    commandLine.setExecutionExceptionHandler(new OneLineInputErrors());
    return commandLine;
  }
}
