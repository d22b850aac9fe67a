package dev.gorca.ingest.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/** Finds the lab's committed captures, the ground truth every parser and feature test runs on. */
public final class LabCaptures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabCaptures() {}

  /** The repository root: Surefire passes it as {@code gorca.repo.root}; else walk up to lab/. */
  public static Path repoRoot() {
    String property = System.getProperty("gorca.repo.root");
    if (property != null && Files.isDirectory(Paths.get(property, "lab"))) return Paths.get(property);
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("lab")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the gorca repository root (a folder with lab/ and pom.xml) above "
        + Paths.get("").toAbsolutePath() + "; run the tests from inside the repository");
  }

  public static Path capturesRoot() {
    return repoRoot().resolve("lab").resolve("captures");
  }

  /** Every case of every Go version, sorted by path. */
  public static List<LabCapture> all() {
    Path root = capturesRoot();
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals("meta.json"))
          .filter(p -> p.getParent().getParent().getParent().getFileName().toString().startsWith("go"))
          .sorted()
          .map(LabCaptures::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One case by name, e.g. {@code go1.23/concurrent_map_access/map_writes}. */
  public static LabCapture named(String name) {
    Path meta = capturesRoot().resolve(name).resolve("meta.json");
    if (!Files.isRegularFile(meta)) {
      throw new IllegalArgumentException("no lab capture " + name + " (expected " + meta
          + "); list them with: ls lab/captures/go*/*/");
    }
    return load(meta);
  }

  private static LabCapture load(Path meta) {
    try {
      Path dir = meta.getParent();
      String goVersion = dir.getParent().getParent().getFileName().toString();
      return new LabCapture(dir, goVersion, JSON.readTree(meta.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
  }
}
