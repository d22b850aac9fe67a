package dev.gorca.ingest.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real Go output under {@code lab/captures}, read where it lies rather than copied into test
 * resources: fuzz targets use it as seeds and as material to mutate. Missing captures give an
 * empty list, so a module built outside the repository still runs its committed seeds.
 */
public final class LabCaptures {
  /** Set by the parent pom for Surefire and Failsafe; otherwise found by walking up. */
  public static final String REPO_ROOT_PROPERTY = "gorca.repo.root";

  private LabCaptures() {}

  /** A capture file and its bytes; {@code name} is its path under lab/captures. */
  public record Capture(String name, byte[] bytes) {
    public String text() {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes)";
    }
  }

  /**
   * Every capture file with one of these names ({@code crash.txt}, {@code metrics.prom}, ...) of at
   * most {@code maxBytes}, sorted by path so that a fuzz input picks the same file on every run.
   */
  public static List<Capture> named(long maxBytes, String... fileNames) {
    Path captures = root().resolve("lab").resolve("captures");
    if (!Files.isDirectory(captures)) return List.of();
    List<String> wanted = List.of(fileNames);
    try (Stream<Path> files = Files.walk(captures)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> wanted.contains(file.getFileName().toString()))
          .filter(file -> size(file) <= maxBytes)
          .sorted()
          .map(file -> new Capture(captures.relativize(file).toString(), read(file)))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + captures, e);
    }
  }

  /** The repository root: {@value #REPO_ROOT_PROPERTY}, else the nearest parent holding lab/captures. */
  public static Path root() {
    String configured = System.getProperty(REPO_ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) return Paths.get(configured);
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("lab").resolve("captures"))) return dir;
    }
    return Paths.get("").toAbsolutePath();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
