package dev.gorca.serving.collect;

import java.nio.file.Path;

/** A crash-output file and the target whose process writes it: its crashes carry that target's names. */
public record CrashFile(Path path, ScrapeTarget owner) {
  public CrashFile {
    if (path == null || owner == null) {
      throw new IllegalArgumentException("path == null or owner == null");
    }
  }
}
