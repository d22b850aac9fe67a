package dev.gorca.serving.bench;

import java.io.PrintWriter;

/** Progress lines while the benchmark runs (stderr, so {@code --json} output stays clean), with the elapsed time. */
final class Progress {
  private final PrintWriter out;
  private final long startedAt = System.nanoTime();

  Progress(PrintWriter out) {
    this.out = out;
  }

  void line(String format, Object... args) {
    out.printf("[%6.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, String.format(format, args));
    out.flush();
  }
}
