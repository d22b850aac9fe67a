package dev.gorca.serving.cli;

import java.nio.file.Path;

/** Where gorca's own files live: the repository the ./gorca launcher runs from (-Dgorca.home), else the working dir. */
final class GorcaHome {
  private GorcaHome() {}

  static Path root() {
    return Path.of(System.getProperty("gorca.home", ".")).toAbsolutePath().normalize();
  }

  /** The registry of the model that ships with gorca. */
  static Path shippedModels() {
    return root().resolve("models");
  }

  static Path labCaptures() {
    return root().resolve("lab").resolve("captures");
  }
}
