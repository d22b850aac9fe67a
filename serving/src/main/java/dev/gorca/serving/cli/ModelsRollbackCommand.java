package dev.gorca.serving.cli;

import dev.gorca.model.registry.DirectoryModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gorca models rollback}: the model promoted before the current one becomes current again. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {"Make the model that was current before the last promotion current again.",
        "Repeated, it walks further back through the promotion history (docs/model.md, Registry)."})
final class ModelsRollbackCommand implements Callable<Integer> {
  @CommandLine.Mixin ModelsOptions.Registry registryOption;
  @CommandLine.Mixin ModelsOptions.Announce announce;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    DirectoryModelRegistry registry = registryOption.open();
    String was = registry.current().orElse("none");
    String now;
    try {
      now = registry.rollback();
    } catch (IllegalStateException nothingToRollBackTo) {
      spec.commandLine().getErr().println("gorca models rollback: " + nothingToRollBackTo.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    var out = spec.commandLine().getOut();
    out.println("rolled back " + registry.root() + " from " + was + " to " + now);
    out.flush();
    return announce.ifRequested(registry, now, out, spec.commandLine().getErr());
  }
}
