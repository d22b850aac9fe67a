package dev.gorca.features.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCaptures;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** docs/features.md documents exactly the features the schema defines. */
class FeatureDocsTest {
  @Test
  void theDocsTableIsTheOneGeneratedFromTheSchema() throws Exception {
    String doc = Files.readString(LabCaptures.repoRoot().resolve("docs/features.md"));
    int begin = doc.indexOf(FeatureDocs.BEGIN);
    int end = doc.indexOf(FeatureDocs.END);
    assertTrue(begin >= 0 && end > begin, "docs/features.md lacks the generated table markers");
    String inDoc = doc.substring(begin, end + FeatureDocs.END.length() + 1);
    assertEquals(FeatureDocs.table(FeatureSchema.current()), inDoc,
        "docs/features.md is out of date: replace its table with the output of ./gorca features --schema");
  }

  @Test
  void everyFeatureNameIsUniqueSnakeCaseAndWindowedNamesCarryTheirWindow() {
    FeatureSchema schema = FeatureSchema.current();
    assertEquals(schema.size(), schema.names().stream().distinct().count());
    for (FeatureDefinition d : schema.definitions()) {
      if (d.window().endsWith("m") && !d.window().equals("-")) {
        assertTrue(d.name().endsWith("_" + d.window()), d.name());
      }
    }
  }

  @Test
  void anotherWindowListIsAnotherSchemaVersion() {
    FeatureSchema custom = FeatureSchema.of(java.util.List.of(java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(30)));
    assertEquals("gorca.features/3[10m,30s]", custom.version());
    assertTrue(custom.has("goroutines_delta_30s"));
    assertTrue(!custom.has("goroutines_delta_5m"));
  }
}
