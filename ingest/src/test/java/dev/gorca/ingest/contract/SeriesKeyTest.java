package dev.gorca.ingest.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesKeyTest {
  @Test
  void a_series_without_labels_is_keyed_by_its_name_alone() {
    assertEquals("go_goroutines", SeriesKey.of("go_goroutines").canonical());
  }

  @Test
  void labels_are_written_sorted_by_name_without_blanks() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("le", "0.5");
    labels.put("handler", "/v1/quote");
    assertEquals("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.5\"}",
        new SeriesKey("http_request_duration_seconds_bucket", labels).canonical());
  }

  @Test
  void backslash_quote_and_newline_in_label_values_are_escaped_as_in_the_text_format() {
    SeriesKey key = new SeriesKey("build_info", Map.of("path", "C:\\go", "quote", "say \"hi\"", "multi", "a\nb"));
    assertEquals("build_info{multi=\"a\\nb\",path=\"C:\\\\go\",quote=\"say \\\"hi\\\"\"}", key.canonical());
  }

  @Test
  void a_label_with_an_empty_value_is_dropped_because_prometheus_treats_it_as_absent() {
    assertEquals("up{job=\"api\"}", new SeriesKey("up", Map.of("job", "api", "instance", "")).canonical());
  }

  @Test
  void parse_accepts_any_label_order_blanks_and_a_trailing_comma_and_canonicalizes() {
    assertEquals("go_gc_duration_seconds{a=\"1\",quantile=\"0.5\"}",
        SeriesKey.canonicalize("go_gc_duration_seconds{ quantile = \"0.5\" ,\ta=\"1\", }"));
  }

  @Test
  void parse_of_a_canonical_key_gives_back_the_same_key_for_every_escape() {
    for (String key : List.of("go_goroutines", "job:rate5m:sum",
        "build_info{multi=\"a\\nb\",path=\"C:\\\\go\",quote=\"say \\\"hi\\\"\"}", "m{l=\"{},=\"}")) {
      assertEquals(key, SeriesKey.parse(key).canonical());
    }
  }

  @Test
  void parse_resolves_escapes_in_label_values() {
    assertEquals(Map.of("path", "C:\\go\n\"x\""), SeriesKey.parse("m{path=\"C:\\\\go\\n\\\"x\\\"\"}").labels());
  }

  @Test
  void parse_of_an_unknown_escape_names_the_escape_and_the_column() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesKey.parse("m{p=\"a\\tb\"}"));
    assertEquals("expected one of the escapes \\\\ \\\" \\n in the value of label p, found \\t; escape a backslash "
        + "as \\\\ at column 7 in series key \"m{p=\\\"a\\\\tb\\\"}\"", e.getMessage());
  }

  @Test
  void parse_of_a_repeated_label_says_which_label() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesKey.parse("m{a=\"1\",a=\"2\"}"));
    assertEquals("expected each label once, found a twice on m at column 14 in series key \"m{a=\\\"1\\\",a=\\\"2\\\"}\"",
        e.getMessage());
  }

  @Test
  void parse_of_an_unterminated_value_suggests_truncated_input() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesKey.parse("m{a=\"1"));
    assertEquals("expected a closing '\"' for the value of label a, found the end of the line (truncated input?) "
        + "at column 7 in series key \"m{a=\\\"1\"", e.getMessage());
  }

  @Test
  void parse_of_text_after_the_labels_is_refused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesKey.parse("m{a=\"1\"} 3"));
    assertEquals("expected the series key to end after \"m{a=\\\"1\\\"}\", found \" 3\"", e.getMessage());
  }

  @Test
  void names_follow_the_prometheus_grammar() {
    assertTrue(SeriesKey.isMetricName("job:rate5m:sum"));
    assertFalse(SeriesKey.isMetricName("5xx_total"));
    assertFalse(SeriesKey.isMetricName("http.requests"));
    assertTrue(SeriesKey.isLabelName("_le"));
    assertFalse(SeriesKey.isLabelName("a:b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesKey.of("http.requests"));
    assertEquals("expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*, found \"http.requests\"", e.getMessage());
  }
}
