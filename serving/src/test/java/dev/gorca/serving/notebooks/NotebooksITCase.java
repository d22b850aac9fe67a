package dev.gorca.serving.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.serving.cli.GorcaCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every notebook in notebooks/ on a fresh {@code gorca export}, as a reader would, so a notebook that no
 * longer runs — or a parity check that no longer holds — fails the build. Needs Python with the notebooks'
 * packages (notebooks/install-python.sh); skipped without them.
 */
class NotebooksITCase {
  private static final String PYTHON_PACKAGES = "jupyter, nbconvert, pandas, matplotlib, lightgbm";
  private static final long NOTEBOOKS_TIMEOUT_MINUTES = 10;

  private final Path root = LabCaptures.repoRoot();
  private final Path target = Path.of("target").toAbsolutePath();

  @Test
  void everyNotebookRunsToTheEndOnAFreshExport() throws Exception {
    assumeTrue(pythonHasThePackages(), "python3 cannot import " + PYTHON_PACKAGES
        + ": run notebooks/install-python.sh to run the notebooks in the build");
    Path exportDir = target.resolve("notebook-data");
    export(exportDir);

    List<String> command = new ArrayList<>(List.of("python3", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=300", "--output-dir", target.resolve("notebooks-run").toString()));
    command.addAll(notebooks());
    ProcessBuilder nbconvert = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    nbconvert.environment().put("GORCA_EXPORT_DIR", exportDir.toString());
    Path log = target.resolve("notebooks-run.log");
    nbconvert.redirectOutput(log.toFile());
    Process process = nbconvert.start();
    if (!process.waitFor(NOTEBOOKS_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("the notebooks did not finish in " + NOTEBOOKS_TIMEOUT_MINUTES + " minutes; output so far in " + log);
    }
    if (process.exitValue() != 0) {
      fail("a notebook cell failed (exit " + process.exitValue() + "); nbconvert said:\n" + tail(log) + "\nfull output: " + log);
    }
  }

  private void export(Path exportDir) {
    StringWriter err = new StringWriter();
    var commandLine = GorcaCommand.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter()));
    commandLine.setErr(new PrintWriter(err));
    int exit = commandLine.execute("export", "--out", exportDir.toString(),
        "--model", root.resolve("models").toString(), "--lab", root.resolve("lab").resolve("captures").toString());
    assertEquals(0, exit, "gorca export failed: " + err);
  }

  private List<String> notebooks() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("notebooks"))) {
      List<String> names = files.map(f -> root.relativize(f).toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
      if (names.isEmpty()) fail("no notebooks in " + root.resolve("notebooks"));
      return names;
    }
  }

  private static boolean pythonHasThePackages() throws InterruptedException {
    try {
      Process check = new ProcessBuilder("python3", "-c", "import " + PYTHON_PACKAGES)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
    } catch (IOException noPython) {
      return false;
    }
  }

  /** The end of nbconvert's output, where the failing cell's traceback is, without terminal colours. */
  private static String tail(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
    return text.length() <= 6000 ? text : "..." + text.substring(text.length() - 6000);
  }
}
