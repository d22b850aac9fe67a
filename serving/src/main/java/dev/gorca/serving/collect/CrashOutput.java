package dev.gorca.serving.collect;

import dev.gorca.ingest.gotrace.CrashKind;
import java.nio.file.Path;

/**
 * New output of a crash file that reads as a complete Go crash: the bytes {@code [startOffset, endOffset)}.
 *
 * @param text those bytes as UTF-8, the application's last log lines included; only the first part when
 *     {@code truncated}
 * @param kind what the parser read in it; never {@link CrashKind#NONE}
 * @param writtenAtMs the file's last-modified time: when the runtime finished writing the crash
 * @param truncated whether the output was longer than the crash envelope allows and {@code text} is its head
 */
public record CrashOutput(Path file, String fileKey, long startOffset, long endOffset, String text, CrashKind kind,
    long writtenAtMs, boolean truncated) {
  public CrashOutput {
    if (file == null || fileKey == null || text == null || kind == null) {
      throw new IllegalArgumentException("file, fileKey, text and kind are required");
    }
    if (startOffset < 0 || endOffset <= startOffset) {
      throw new IllegalArgumentException("expected 0 <= startOffset < endOffset, found " + startOffset + ", "
          + endOffset);
    }
    if (kind == CrashKind.NONE) {
      throw new IllegalArgumentException("expected crash output, found kind none");
    }
  }
}
