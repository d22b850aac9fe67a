package dev.gorca.serving.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gorca grafana}: the commands that set Grafana up to show the incident store. */
@Command(
    name = "grafana",
    mixinStandardHelpOptions = true,
    description = "Set up Grafana for gorca: see 'gorca grafana provision --help'.",
    subcommands = {GrafanaProvisionCommand.class})
final class GrafanaCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: provision");
  }
}
