package dev.gorca.model.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
    return repoRoot().resolve("docs").resolve("root-causes.md");
  }

  /** Surefire passes the root as {@code gorca.repo.root}; from an IDE, walk up to the folder with lab/ and pom.xml. */
  private static Path repoRoot() {
    String property = System.getProperty("gorca.repo.root");
    if (property != null && Files.isDirectory(Paths.get(property, "lab"))) return Paths.get(property);
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("lab")) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir;
    }
    throw new IllegalStateException("cannot find the gorca repository root (a folder with lab/ and pom.xml) above "
        + Paths.get("").toAbsolutePath() + "; run the tests from inside the repository");
  }
}
