package dev.gorca.serving.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gorca models}: what is in a model registry, and which model scores. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List, promote and roll back the models of a registry (docs/model.md, Registry).",
      "With --bootstrap, a promotion or rollback is also announced on the models topic, and a running",
      "'gorca run' job swaps to that model without a restart."
    },
    subcommands = {ModelsListCommand.class, ModelsPromoteCommand.class, ModelsRollbackCommand.class})
final class ModelsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: list, promote or rollback");
  }
}
