package dev.gorca.model.registry;

import java.nio.file.Path;

/**
 * Run in a second JVM by {@link RegistryPromotionTest}: promotes two models in turn, {@code times}
 * times, against a registry another process promotes in at the same moment.
 * Arguments: registry directory, first id, second id, times.
 */
public final class PromoteLoop {
  private PromoteLoop() {}

  public static void main(String[] args) {
    DirectoryModelRegistry registry = new DirectoryModelRegistry(Path.of(args[0]));
    int times = Integer.parseInt(args[3]);
    System.out.println("ready");
    System.out.flush();
    for (int i = 0; i < times; i++) registry.promote(args[1 + i % 2]);
  }
}
