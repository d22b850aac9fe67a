package dev.gorca.serving.cli;

import java.nio.file.Path;

/** What {@code gorca score --json} prints for files, for tests outside this package that compare with it. */
public final class CliScore {
  private CliScore() {}

  public static String json(Path crash, Path dump, Path metrics, Path models) {
    CliRun run = new CliRun();
    int exit = run.run("score", "--json", "--crash", crash.toString(), "--dump", dump.toString(), "--metrics",
        metrics.toString(), "--model", models.toString());
    if (exit != 0) {
      throw new AssertionError("gorca score exited " + exit + ": " + run.err);
    }
    return run.out.toString();
  }
}
