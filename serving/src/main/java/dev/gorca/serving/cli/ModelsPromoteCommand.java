package dev.gorca.serving.cli;

import dev.gorca.model.registry.DirectoryModelRegistry;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gorca models promote ID}: makes a stored model current, after checking its files. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Make a stored model current (its checksums are verified first; a corrupt model is refused with exit code 3).")
final class ModelsPromoteCommand implements Callable<Integer> {
  @CommandLine.Parameters(paramLabel = "MODEL_ID", description = "A model id from 'gorca models list'.")
  String modelId;

  @CommandLine.Mixin ModelsOptions.Registry registryOption;
  @CommandLine.Mixin ModelsOptions.Announce announce;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    DirectoryModelRegistry registry = registryOption.open();
    Optional<String> before = registry.current();
    registry.promote(modelId);
    var out = spec.commandLine().getOut();
    out.println(before.filter(modelId::equals).isPresent()
        ? modelId + " is already current in " + registry.root()
        : "promoted " + modelId + " in " + registry.root() + " (was " + before.orElse("none") + ")");
    out.flush();
    return announce.ifRequested(registry, modelId, out, spec.commandLine().getErr());
  }
}
