package dev.gorca.model.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/root-causes.md carries the playbooks exactly as playbooks.json says. To refresh the doc after
 * editing the JSON: {@code mvn -q -pl model -am test -Dtest=PlaybookDocsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgorca.docs.update=true}.
 */
class PlaybookDocsTest {
  private static final String UPDATE_PROPERTY = "gorca.docs.update";

  @Test
  void theDocHasASectionHeadedByEveryCauseId() throws IOException {
    String doc = Files.readString(doc());
    for (RootCause cause : RootCause.all()) {
      assertTrue(doc.contains("\n" + PlaybookDocs.heading(cause) + "\n"),
          "docs/root-causes.md lacks the heading: " + PlaybookDocs.heading(cause));
    }
  }

  @Test
  void theGeneratedPartOfTheDocIsThePlaybooks() throws IOException {
    Path path = doc();
    String doc = Files.readString(path);
    int begin = doc.indexOf(PlaybookDocs.BEGIN);
    int end = doc.indexOf(PlaybookDocs.END);
    assertTrue(begin >= 0 && end > begin, "docs/root-causes.md lacks the markers " + PlaybookDocs.BEGIN + " and "
        + PlaybookDocs.END);
    String inDoc = doc.substring(begin, end + PlaybookDocs.END.length() + 1);
    String generated = PlaybookDocs.markdown(Playbooks.bundled());
    if (Boolean.getBoolean(UPDATE_PROPERTY) && !generated.equals(inDoc)) {
      Files.writeString(path, doc.substring(0, begin) + generated + doc.substring(end + PlaybookDocs.END.length() + 1));
      return;
    }
    assertEquals(generated, inDoc, "docs/root-causes.md is out of date with playbooks.json: rerun this test with"
        + " -D" + UPDATE_PROPERTY + "=true to rewrite its generated part");
  }

  private static Path doc() {
    return LabCaptures.repoRoot().resolve("docs").resolve("root-causes.md");
  }
}
