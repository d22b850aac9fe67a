package dev.gorca.bench;

import dev.gorca.ingest.gotrace.Bucket;
import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link GoTraceParser#parse(byte[])} on real Go output: the lab's 100,000-goroutine
 * dumps (what a leak looks like when it pages someone) and typical crash logs of 5–20 KB. Besides
 * parses per second, JMH reports the secondary counters {@code mebibytes} (MiB/s of input) and
 * {@code goroutines} (goroutines/s). Figures and commands: docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class DumpParsingBenchmark {

  /** A 100,000-goroutine debug=2 dump, decompressed once per trial. */
  @State(Scope.Benchmark)
  public static class LargeDump {
    @Param({"large/go1.23-100k.dump.txt.gz", "large/go1.19-100k.dump.txt.gz"})
    public String capture;

    byte[] bytes;
    int goroutines;

    @Setup(Level.Trial)
    public void load() {
      bytes = readCapture(capture);
      goroutines = new GoTraceParser().parse(bytes).goroutines().size();
      System.out.printf("%n%s: %,d bytes (%.1f MiB), %,d goroutines%n", capture, bytes.length,
          bytes.length / (double) (1 << 20), goroutines);
    }
  }

  /** A crash log as a service's stderr holds it: logs, the panic or fatal error, a few goroutines. */
  @State(Scope.Benchmark)
  public static class SmallCrash {
    @Param({"go1.23/deadlock/select_nothing_alive/crash.txt", "go1.21/index_out_of_range/jsonpath_recursive/crash.txt"})
    public String capture;

    byte[] bytes;
    int goroutines;

    @Setup(Level.Trial)
    public void load() {
      bytes = readCapture(capture);
      goroutines = new GoTraceParser().parse(bytes).goroutines().size();
    }
  }

  /** Input parsed per second, reported by JMH next to the parses per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rates {
    public double mebibytes;
    public long goroutines;

    @Setup(Level.Iteration)
    public void reset() {
      mebibytes = 0;
      goroutines = 0;
    }

    void count(byte[] input, int goroutinesInInput) {
      mebibytes += input.length / (double) (1 << 20);
      goroutines += goroutinesInInput;
    }
  }

  private final GoTraceParser parser = new GoTraceParser();

  /** The bytes of {@code lab/captures/<name>}, gunzipped when the name ends with {@code .gz}. */
  static byte[] readCapture(String name) {
    Path file = BenchData.capture(name);
    try (InputStream in = Files.newInputStream(file)) {
      return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16).readAllBytes() : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("expected the capture " + file + " (pull the lab captures, or pass "
          + "-Dgorca.repo.root=<repository>)", e);
    }
  }

  /** Bytes in, trace out: UTF-8 decoding included, as {@code gorca parse} and the pipeline call it. */
  @Benchmark
  public GoTrace parseLargeDump(LargeDump dump, Rates rates) {
    rates.count(dump.bytes, dump.goroutines);
    return parser.parse(dump.bytes);
  }

  /** What an operator needs from a leak: the goroutines grouped by state and stack. */
  @Benchmark
  public List<Bucket> parseAndBucketLargeDump(LargeDump dump, Rates rates) {
    rates.count(dump.bytes, dump.goroutines);
    return parser.parse(dump.bytes).buckets();
  }

  @Benchmark
  public GoTrace parseSmallCrash(SmallCrash crash, Rates rates) {
    rates.count(crash.bytes, crash.goroutines);
    return parser.parse(crash.bytes);
  }

  /** The UTF-8 decoding alone, to tell its share from the parser's. */
  @Benchmark
  public String decodeLargeDump(LargeDump dump, Rates rates) {
    rates.count(dump.bytes, dump.goroutines);
    return new String(dump.bytes, StandardCharsets.UTF_8);
  }
}
