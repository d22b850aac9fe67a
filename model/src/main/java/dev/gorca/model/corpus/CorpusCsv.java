package dev.gorca.model.corpus;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the corpus as CSV for the notebooks: metadata columns, then one column per feature, NaN as empty. */
public final class CorpusCsv {
  public static final String[] META_COLUMNS = {"case_id", "root_cause", "program", "go_version", "source", "view"};

  private CorpusCsv() {}

  public static void write(Corpus corpus, Path file) throws IOException {
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", META_COLUMNS));
      for (String name : corpus.featureNames()) out.write("," + name);
      out.write('\n');
      for (CorpusRow row : corpus.rows()) {
        out.write(String.join(",", row.caseId(), row.rootCause(), row.program(), row.goVersion(), row.source(), row.view().id()));
        for (double value : row.features()) {
          out.write(',');
          if (!Double.isNaN(value)) out.write(Double.toString(value));
        }
        out.write('\n');
      }
    }
  }
}
