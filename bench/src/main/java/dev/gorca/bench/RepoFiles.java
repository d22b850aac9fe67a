package dev.gorca.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;

/** Reads the repository's lab captures from a benchmark JVM, wherever JMH was started. */
final class RepoFiles {
  /** Where the repository is; without it the working directory and its parents are searched. */
  static final String REPO_ROOT_PROPERTY = "gorca.repo.root";

  private RepoFiles() {}

  /** The bytes of {@code lab/captures/<relative>}, gunzipped when the name ends with {@code .gz}. */
  static byte[] capture(String relative) {
    Path file = repoRoot().resolve("lab").resolve("captures").resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("expected the capture " + file + "; pull the lab captures or pass -D"
          + REPO_ROOT_PROPERTY + "=<repository> to the JVM (java -D" + REPO_ROOT_PROPERTY + "=... -jar ...)");
    }
    try {
      if (!relative.endsWith(".gz")) return Files.readAllBytes(file);
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static Path repoRoot() {
    String configured = System.getProperty(REPO_ROOT_PROPERTY);
    if (configured != null && !configured.isBlank()) return Paths.get(configured);
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("lab").resolve("captures"))) return dir;
    }
    throw new IllegalStateException("cannot find the repository (a folder with lab/captures) above "
        + Paths.get("").toAbsolutePath() + "; run from inside it or pass -D" + REPO_ROOT_PROPERTY + "=<repository>");
  }
}
