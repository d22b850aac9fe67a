package dev.gorca.ingest.prometheus;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gorca.ingest.contract.LineWarning;
import dev.gorca.ingest.contract.SeriesKey;
import dev.gorca.ingest.contract.Warnings;
import dev.gorca.ingest.fuzz.CaptureFiles;
import dev.gorca.ingest.fuzz.FuzzFindings;
import dev.gorca.ingest.fuzz.LineMutator;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzzes {@link PrometheusTextParser} with the lab's real scrapes ({@code metrics.prom}) damaged by
 * {@link LineMutator} and with fuzzer-made lines spliced in, under default and tiny limits. It must
 * never throw, warnings and samples must point inside the input, every series key must survive its
 * canonical form, and the scrape must flatten to a {@code MetricSample} as the pipeline does.
 */
class PrometheusTextCaptureMutationFuzzTest {
  /** Lines other scrapes have, and the corners of the format. */
  static final List<String> FOREIGN_LINES = List.of(
      "# HELP go_goroutines Number of goroutines that currently exist.",
      "# TYPE go_goroutines gauge",
      "# TYPE rpc_duration_seconds histogram",
      "# HELP h back\\\\slash \\n newline \\x",
      "# TYPE x untyped extra",
      "# EOF",
      "go_goroutines 12",
      "go_gc_duration_seconds{quantile=\"0.5\"} 4.5e-05",
      "http_requests_total{code=\"200\",method=\"get\"} 1027 1395066363000",
      "rpc_duration_seconds_bucket{le=\"+Inf\"} 3",
      "rpc_duration_seconds_sum 1.5",
      "rpc_duration_seconds_count 3",
      "x{a=\"\\\"\\n\\\\\"} -1e-300",
      "x{a=\"1\",a=\"2\"} 1",
      "x{a=\"unterminated} 1",
      "x{,} 1",
      "{} 1",
      "x +Inf",
      "x NaN -9223372036854775808",
      "x 1 2 3",
      "x{a=\"日本\"} 0x1p3",
      "  \t ",
      "");

  private static final List<String[]> SCRAPES = CaptureFiles.named(Long.MAX_VALUE, "metrics.prom").stream()
      .map(file -> LineMutator.lines(file.text()))
      .toList();
  private static final LineMutator MUTATOR = new LineMutator(FOREIGN_LINES);

  @FuzzTest(maxDuration = "40s")
  void mutatedScrape(FuzzedDataProvider data) {
    boolean tinyLimits = data.consumeInt(0, 7) == 0;
    int maxChars = tinyLimits ? data.consumeInt(1, 4096) : PrometheusTextParser.DEFAULT_MAX_CHARS;
    int maxSeries = tinyLimits ? data.consumeInt(1, 50) : PrometheusTextParser.DEFAULT_MAX_SERIES;
    String text = SCRAPES.isEmpty() ? data.consumeRemainingAsString() : MUTATOR.mutate(SCRAPES, data);
    try {
      checkInvariants(text, maxChars, maxSeries);
    } catch (RuntimeException | AssertionError e) {
      FuzzFindings.keepAsText(PrometheusTextCaptureMutationFuzzTest.class, "mutatedScrape",
          text.getBytes(StandardCharsets.UTF_8));
      throw e;
    }
  }

  private static void checkInvariants(String text, int maxChars, int maxSeries) {
    ParsedScrape scrape = new PrometheusTextParser(maxChars, maxSeries).parse(text);

    int lines = lineCount(text);
    expect(scrape.warnings().size() <= Warnings.DEFAULT_MAX + 1, scrape.warnings().size() + " warnings");
    for (LineWarning warning : scrape.warnings()) {
      expect(warning.line() <= lines, "warning on line " + warning.line() + " of " + lines + ": " + warning);
    }
    expect(scrape.seriesCount() <= maxSeries, scrape.seriesCount() + " series, the limit is " + maxSeries);
    Set<Integer> sampleLines = new HashSet<>();
    for (MetricFamily family : scrape.families()) {
      for (Sample sample : family.samples()) {
        expect(sample.line() >= 1 && sample.line() <= lines, "sample on line " + sample.line() + " of " + lines);
        expect(sampleLines.add(sample.line()), "two samples from line " + sample.line());
        String canonical = sample.series().canonical();
        expect(SeriesKey.parse(canonical).equals(sample.series()), "series " + canonical + " does not parse back");
      }
    }
    scrape.toSample(0L); // what MetricsEnvelopeFlattener does with every scrape
  }

  /** Lines as the parser counts them: a last line without '\n' counts, an empty tail does not. */
  private static int lineCount(String text) {
    int count = 0;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') count++;
    return text.isEmpty() || text.charAt(text.length() - 1) == '\n' ? count : count + 1;
  }

  private static void expect(boolean holds, String brokenInvariant) {
    if (!holds) throw new AssertionError(brokenInvariant);
  }
}
