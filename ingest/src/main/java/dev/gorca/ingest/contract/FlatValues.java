package dev.gorca.ingest.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes flat {series key: number} objects: the metrics envelope's {@code values} and each line of
 * the JSON Lines file. JSON has no NaN or infinity, so those travel as the strings Prometheus and Go print:
 * {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"} ({@code "Inf"} is read as +Inf too). A JSON null means "no
 * value" and leaves the series out: some writers (the lab's labkit) write null for NaN and infinities
 * because encoding/json cannot write them. Integral values are written without a fraction so a counter
 * reads {@code 12}, not {@code 12.0}.
 */
final class FlatValues {
  private static final double MAX_EXACT_INTEGER = 9_007_199_254_740_992d; // 2^53

  private FlatValues() {}

  /**
   * @param fieldPrefix how fields are named in rejections: "values" gives {@code values[go_goroutines]},
   *     "" gives {@code go_goroutines}
   * @param skipField a field that is not a series (the file form's ts_ms), or null
   */
  static TreeMap<String, Double> read(JsonNode object, String fieldPrefix, String skipField) {
    TreeMap<String, Double> values = new TreeMap<>();
    Map<String, String> writtenAs = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      if (key.equals(skipField)) {
        continue;
      }
      String field = fieldPrefix.isEmpty() ? key : fieldPrefix + "[" + key + "]";
      String canonical = canonicalKey(field, key);
      if (entry.getValue().isNull()) {
        continue;
      }
      double value = number(field, entry.getValue());
      String earlier = writtenAs.put(canonical, key);
      if (earlier != null) {
        throw new FieldProblem(RejectReason.INVALID_VALUE, field, "expected each series once, found "
            + Quote.of(earlier) + " and " + Quote.of(key) + " which are both " + canonical
            + "; send one of them");
      }
      values.put(canonical, value);
    }
    return values;
  }

  static void write(JsonGenerator generator, Map<String, Double> values) throws IOException {
    for (Map.Entry<String, Double> entry : values.entrySet()) {
      generator.writeFieldName(entry.getKey());
      writeNumber(generator, entry.getValue());
    }
  }

  static void writeNumber(JsonGenerator generator, double value) throws IOException {
    if (Double.isNaN(value)) {
      generator.writeString("NaN");
    } else if (Double.isInfinite(value)) {
      generator.writeString(value > 0 ? "+Inf" : "-Inf");
    } else if (value == Math.rint(value) && Math.abs(value) <= MAX_EXACT_INTEGER
        && Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(-0.0d)) {
      generator.writeNumber((long) value);
    } else {
      generator.writeNumber(value);
    }
  }

  private static String canonicalKey(String field, String key) {
    if (key.indexOf('{') < 0 && SeriesKey.isMetricName(key)) {
      return key;
    }
    try {
      return SeriesKey.canonicalize(key);
    } catch (IllegalArgumentException e) {
      throw new FieldProblem(RejectReason.INVALID_VALUE, field, "expected a Prometheus series key such as "
          + "go_goroutines or go_gc_duration_seconds{quantile=\"0.5\"}, found " + Quote.of(key) + " ("
          + e.getMessage() + "); rename the key");
    }
  }

  private static double number(String field, JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw JsonFields.wrongType(field, "a JSON number or one of \"NaN\", \"+Inf\", \"-Inf\"", node,
        "send the sample value as a number");
  }
}
