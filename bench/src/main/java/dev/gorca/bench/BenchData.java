package dev.gorca.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the repository (for lab captures and the shipped model) from -Dgorca.repo.root or the working dir. */
public final class BenchData {
  private BenchData() {}

  public static Path repoRoot() {
    String property = System.getProperty("gorca.repo.root");
    if (property != null) return Paths.get(property);
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("lab")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
      dir = dir.getParent();
    }
    throw new IllegalStateException("run the benchmarks from inside the gorca repository, or pass -Dgorca.repo.root=DIR");
  }

  public static Path capture(String name) {
    return repoRoot().resolve("lab/captures").resolve(name);
  }
}
