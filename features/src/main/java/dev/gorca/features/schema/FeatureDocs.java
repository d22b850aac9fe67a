package dev.gorca.features.schema;

import java.util.stream.Collectors;

/** The feature table of docs/features.md, generated from the schema so the two never disagree. */
public final class FeatureDocs {
  public static final String BEGIN = "<!-- generated from FeatureSchema: ./gorca features --schema -->";
  public static final String END = "<!-- end of generated table -->";

  private FeatureDocs() {}

  public static String table(FeatureSchema schema) {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append('\n');
    md.append("Schema version `").append(schema.version()).append("`, ").append(schema.size()).append(" features.\n\n");
    md.append("| # | name | group | unit | window | formula | missing (NaN) when |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    int i = 0;
    for (FeatureDefinition d : schema.definitions()) {
      md.append("| ").append(i++).append(" | `").append(d.name()).append("` | ")
          .append(d.group().name().toLowerCase()).append(d.categorical() ? " (categorical)" : "")
          .append(d.modelInput() ? "" : " (not a model input)").append(" | ")
          .append(d.unit()).append(" | ").append(d.window()).append(" | ")
          .append(escape(d.formula())).append(" | ").append(escape(d.whenMissing())).append(" |\n");
    }
    md.append(END).append('\n');
    return md.toString();
  }

  private static String escape(String text) {
    return text.chars().mapToObj(c -> c == '|' ? "\\|" : String.valueOf((char) c)).collect(Collectors.joining());
  }
}
