package dev.gorca.serving.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/operations.md documents every setting gorca reads. */
class OperationsDocTest {
  @Test
  void everySettingKeyIsInTheSettingsTable() throws Exception {
    String doc = Files.readString(LabCaptures.repoRoot().resolve("docs/operations.md"));
    for (SettingKey key : SettingKey.values()) {
      assertTrue(doc.contains("`" + key.key() + "`"), "docs/operations.md lacks the setting " + key.key()
          + " (" + key.description() + "); add it to the Settings table");
    }
  }
}
