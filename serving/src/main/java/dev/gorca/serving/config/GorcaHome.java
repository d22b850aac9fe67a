package dev.gorca.serving.config;

import java.nio.file.Path;

/** Where gorca's own files live: the repository the ./gorca launcher runs from (-Dgorca.home), else the working dir. */
public final class GorcaHome {
  private GorcaHome() {}

  public static Path root() {
    return Path.of(System.getProperty("gorca.home", ".")).toAbsolutePath().normalize();
  }

  /** The registry of the model that ships with gorca. */
  public static Path shippedModels() {
    return root().resolve("models");
  }

  public static Path labCaptures() {
    return root().resolve("lab").resolve("captures");
  }
}
