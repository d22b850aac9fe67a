package dev.gorca.ingest.fuzz;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files of lab/captures as fuzz seeds and mutation material, read where they lie rather than copied
 * into test resources. Sorted by path, so that a fuzz input picks the same file on every run (until
 * captures are added).
 */
public final class CaptureFiles {
  private CaptureFiles() {}

  /** A capture file: {@code name} like {@code go1.23/nil_dereference/nil_method_receiver/crash.txt}. */
  public record CaptureFile(String name, byte[] bytes) {
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name + " (" + bytes.length + " bytes)";
    }
  }

  /** Every file with one of {@code fileNames} (e.g. {@code crash.txt}) of at most {@code maxBytes}. */
  public static List<CaptureFile> named(long maxBytes, String... fileNames) {
    List<CaptureFile> files = new ArrayList<>();
    for (LabCapture capture : LabCaptures.all()) {
      for (String fileName : fileNames) {
        Path file = capture.directory().resolve(fileName);
        if (Files.isRegularFile(file) && size(file) <= maxBytes) {
          files.add(new CaptureFile(capture.name() + "/" + fileName, capture.read(file)));
        }
      }
    }
    return files;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
  }
}
