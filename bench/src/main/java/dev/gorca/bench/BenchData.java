package dev.gorca.bench;

import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Path;

/** The repository's lab captures and shipped model, found as the tests find them (-Dgorca.repo.root, else walking up). */
public final class BenchData {
  private BenchData() {}

  public static Path repoRoot() {
    return LabCaptures.repoRoot();
  }

  public static Path capture(String name) {
    return LabCaptures.named(name).directory();
  }
}
