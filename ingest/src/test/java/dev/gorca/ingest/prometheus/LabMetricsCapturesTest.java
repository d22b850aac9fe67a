package dev.gorca.ingest.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsFile;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven over the lab's real captures, lab/captures/go{version}/{cause}/{program}/metrics.prom and
 * metrics.jsonl, written by labkit inside Go programs that were compiled and run (lab/capture.sh). Every
 * file must read without a warning. Skipped with a message when the lab has produced nothing yet.
 */
class LabMetricsCapturesTest {
  /** Checked by hand against the file; if the lab re-captures this case, re-check and update the values below. */
  private static final String HAND_CHECKED = "go1.21/goroutine_leak/request_timeout";

  private final PrometheusTextParser parser = new PrometheusTextParser();

  @TestFactory
  Stream<DynamicTest> every_captured_metrics_prom_parses_without_warnings() {
    return perCapture("metrics.prom", file -> {
      ParsedScrape scrape = parser.parse(Files.readString(file));
      assertEquals(List.of(), scrape.warnings(), file.toString());
      assertFalse(scrape.toSample(0).value("go_goroutines").isEmpty(), file + " has no go_goroutines");
    });
  }

  @TestFactory
  Stream<DynamicTest> every_captured_metrics_jsonl_reads_without_warnings() {
    return perCapture("metrics.jsonl", file -> {
      MetricsFile read = MetricsJsonLines.read(file);
      assertEquals(List.of(), read.warnings(), file.toString());
      assertFalse(read.samples().isEmpty(), file + " has no samples");
      for (MetricSample sample : read.samples()) {
        assertFalse(sample.value("go_goroutines").isEmpty(), file + " has a sample without go_goroutines");
      }
    });
  }

  /** labkit writes the .prom and a .jsonl line from the same snapshot, so the two flattenings must agree. */
  @TestFactory
  Stream<DynamicTest> the_prom_scrape_and_the_last_jsonl_sample_agree_on_every_shared_series() {
    return perCapture("metrics.prom", prom -> {
      assumeTrue(Files.isRegularFile(prom.resolveSibling("metrics.jsonl")), "no metrics.jsonl beside " + prom);
      Map<String, Double> fromProm = parser.parse(Files.readString(prom)).toSample(0).values();
      List<MetricSample> lines = MetricsJsonLines.read(prom.resolveSibling("metrics.jsonl")).samples();
      Map<String, Double> fromJsonl = lines.get(lines.size() - 1).values();
      Map<String, Double> promShared = new TreeMap<>(fromProm);
      promShared.keySet().retainAll(fromJsonl.keySet());
      Map<String, Double> jsonlShared = new TreeMap<>(fromJsonl);
      jsonlShared.keySet().retainAll(fromProm.keySet());
      assertFalse(promShared.isEmpty(), prom + " shares no series with its metrics.jsonl");
      assertEquals(promShared, jsonlShared, prom.toString());
    });
  }

  @Test
  void the_hand_checked_request_timeout_scrape_has_exactly_these_series_and_values() throws IOException {
    Path file = capturesRoot().resolve(HAND_CHECKED).resolve("metrics.prom");
    assumeTrue(Files.isRegularFile(file), "no capture at " + file + "; the lab has not produced it (lab/capture.sh)");
    ParsedScrape scrape = parser.parse(Files.readString(file));
    assertEquals(List.of(), scrape.warnings());
    Map<String, Double> values = scrape.toSample(0).values();
    Set<String> keys = new TreeSet<>(List.of(
        "go_gc_duration_seconds_count", "go_gc_duration_seconds_sum",
        "go_gc_duration_seconds{quantile=\"0\"}", "go_gc_duration_seconds{quantile=\"0.25\"}",
        "go_gc_duration_seconds{quantile=\"0.5\"}", "go_gc_duration_seconds{quantile=\"0.75\"}",
        "go_gc_duration_seconds{quantile=\"1\"}", "go_gc_gogc_percent", "go_gc_gomemlimit_bytes", "go_goroutines",
        "go_info{version=\"go1.21.13\"}", "go_memstats_alloc_bytes", "go_memstats_alloc_bytes_total",
        "go_memstats_buck_hash_sys_bytes", "go_memstats_frees_total", "go_memstats_gc_sys_bytes",
        "go_memstats_heap_alloc_bytes", "go_memstats_heap_idle_bytes", "go_memstats_heap_inuse_bytes",
        "go_memstats_heap_objects", "go_memstats_heap_released_bytes", "go_memstats_heap_sys_bytes",
        "go_memstats_last_gc_time_seconds", "go_memstats_mallocs_total", "go_memstats_mcache_inuse_bytes",
        "go_memstats_mcache_sys_bytes", "go_memstats_mspan_inuse_bytes", "go_memstats_mspan_sys_bytes",
        "go_memstats_next_gc_bytes", "go_memstats_other_sys_bytes", "go_memstats_stack_inuse_bytes",
        "go_memstats_stack_sys_bytes", "go_memstats_sys_bytes", "go_sched_gomaxprocs_threads", "go_threads",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"+Inf\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.005\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.01\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.025\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.05\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.1\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.25\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.5\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"1\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"10\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"2.5\"}",
        "http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"5\"}",
        "http_request_duration_seconds_count{handler=\"/v1/quote\"}",
        "http_request_duration_seconds_sum{handler=\"/v1/quote\"}",
        "http_requests_total{code=\"200\",handler=\"/v1/quote\"}",
        "http_requests_total{code=\"504\",handler=\"/v1/quote\"}",
        "process_cpu_seconds_total", "process_max_fds", "process_open_fds", "process_resident_memory_bytes",
        "process_start_time_seconds", "process_virtual_memory_bytes", "process_virtual_memory_max_bytes"));
    assertEquals(keys, values.keySet());
    assertEquals(512.0, values.get("go_goroutines"));
    assertEquals(8.0, values.get("go_threads"));
    assertEquals(0.00385728, values.get("go_gc_duration_seconds{quantile=\"0.5\"}"));
    assertEquals(2.0, values.get("go_gc_duration_seconds_count"));
    assertEquals(1.0, values.get("go_info{version=\"go1.21.13\"}"));
    assertEquals(9.223372036854776e+18, values.get("go_gc_gomemlimit_bytes"));
    assertEquals(3_505_768.0, values.get("go_memstats_alloc_bytes"));
    assertEquals(1.795612911135069e+09, values.get("go_memstats_last_gc_time_seconds"));
    assertEquals(2000.0, values.get("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"0.005\"}"));
    assertEquals(2500.0, values.get("http_request_duration_seconds_bucket{handler=\"/v1/quote\",le=\"+Inf\"}"));
    assertEquals(2.6733340989999985, values.get("http_request_duration_seconds_sum{handler=\"/v1/quote\"}"));
    assertEquals(500.0, values.get("http_requests_total{code=\"504\",handler=\"/v1/quote\"}"));
    assertEquals(20_000.0, values.get("process_max_fds"));
    assertEquals(1.8446744073709552e+19, values.get("process_virtual_memory_max_bytes"));
    Map<String, String> types = new TreeMap<>();
    scrape.families().forEach(family -> types.put(family.name(), family.type() + " " + family.samples().size()));
    assertEquals("SUMMARY 7", types.get("go_gc_duration_seconds"));
    assertEquals("HISTOGRAM 14", types.get("http_request_duration_seconds"));
    assertEquals("COUNTER 2", types.get("http_requests_total"));
    assertEquals("COUNTER 1", types.get("process_cpu_seconds_total"));
  }

  private static String name(Path file) {
    return capturesRoot().relativize(file).toString();
  }

  /** One test per file with this name; a single skipped test that says why when the lab has none yet. */
  private static Stream<DynamicTest> perCapture(String fileName, FileCheck check) {
    List<Path> files = captures(fileName);
    if (files.isEmpty()) {
      return Stream.of(DynamicTest.dynamicTest("no " + fileName + " captured yet", () -> assumeTrue(false,
          "no " + fileName + " under " + capturesRoot() + " yet; the lab writes them (lab/capture.sh)")));
    }
    return files.stream().map(file -> DynamicTest.dynamicTest(name(file), () -> check.accept(file)));
  }

  private interface FileCheck {
    void accept(Path file) throws Exception;
  }

  /** Every file with this name under lab/captures/go*, sorted. */
  private static List<Path> captures(String fileName) {
    Path root = capturesRoot();
    List<Path> files = List.of();
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(path -> path.getFileName().toString().equals(fileName))
            .filter(path -> root.relativize(path).getName(0).toString().startsWith("go"))
            .sorted()
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /** gorca.repo.root from Surefire, else found by walking up from the working directory. */
  private static Path capturesRoot() {
    return LabCaptures.capturesRoot();
  }
}
