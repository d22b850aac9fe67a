package dev.gorca.ingest.gotrace;

import java.util.Objects;

/**
 * The {@code created by F [in goroutine N]} trailer of a goroutine.
 *
 * @param function the function whose {@code go} statement started the goroutine
 * @param goroutine the parent goroutine's id (printed since Go 1.21), or -1 when not printed
 * @param file file of the {@code go} statement, "" when absent
 * @param line line of the {@code go} statement, 0 when absent
 */
public record CreatedBy(String function, long goroutine, String file, int line) {
  public CreatedBy {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(file, "file == null");
  }

  public String location() {
    return file.isEmpty() ? "?" : file + ":" + line;
  }
}
