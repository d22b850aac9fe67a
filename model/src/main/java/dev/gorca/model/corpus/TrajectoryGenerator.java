package dev.gorca.model.corpus;

import dev.gorca.features.extract.MetricPoint;
import dev.gorca.features.extract.TrackedMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the metrics an instance sends in the minutes before it dies of a root cause: the
 * production time scale the lab's few-second runs cannot show. Every assumption is a named step
 * below and is written down, with how it was checked against the real captures, in
 * docs/training-data.md.
 *
 * <p>An instance has a size (baseline goroutines, heap, threads, fds, allocation rate, CPU), a
 * scrape interval (5–60 s) and a history length; each sample is the baseline shaped by the root
 * cause's trajectory, then multiplicative noise, then confounders: a traffic spike, a deploy
 * (restart: counters reset, goroutines dip), a scrape gap.
 */
public final class TrajectoryGenerator {
  private static final int[] SCRAPE_INTERVALS_SECONDS = {5, 10, 15, 30, 60};
  private static final double KIB = 1024;
  private static final double MIB = 1024 * KIB;
  private static final double GIB = 1024 * MIB;

  private final Random random;

  public TrajectoryGenerator(Random random) {
    this.random = random;
  }

  /** What was generated, for the corpus' own bookkeeping and the training-data report. */
  public record Trajectory(List<MetricPoint> points, long incidentTsMs, String shape, List<String> confounders) {}

  /** The instance's healthy state. */
  private record Size(double goroutines, double heap, double threads, double fds, double maxFds, double allocRate,
      double cpu, double memoryLimit, double gogc) {}

  public Trajectory generate(String rootCause, long incidentTsMs) {
    Size size = size();
    int interval = SCRAPE_INTERVALS_SECONDS[random.nextInt(SCRAPE_INTERVALS_SECONDS.length)];
    // Most instances ran for longer than the longest window; some died young (a crash loop, a fresh deploy).
    double historySeconds = random.nextDouble() < 0.8 ? 360 + random.nextDouble() * 600 : 30 + random.nextDouble() * 240;
    int n = Math.max(2, (int) (historySeconds / interval));
    Shape shape = shape(rootCause, size);
    List<String> confounders = new ArrayList<>();
    Spike spike = random.nextDouble() < 0.2 ? new Spike(random.nextDouble(), 2 + random.nextDouble() * 3, 30 + random.nextDouble() * 60) : null;
    if (spike != null) confounders.add("traffic_spike");
    double restartAt = random.nextDouble() < 0.1 ? 0.2 + random.nextDouble() * 0.5 : -1;
    if (restartAt >= 0) confounders.add("deploy_restart");
    double gapFrom = random.nextDouble() < 0.2 ? random.nextDouble() * 0.7 : -1;
    double gapLength = 0.1 + random.nextDouble() * 0.2;
    if (gapFrom >= 0) confounders.add("scrape_gap");
    double noise = 0.01 + random.nextDouble() * 0.04;

    List<MetricPoint> points = new ArrayList<>(n);
    Counters counters = new Counters(random.nextDouble() * 50 * GIB, random.nextDouble() * 5_000, random.nextDouble() * 20, random.nextDouble() * 3_600);
    long start = incidentTsMs - (long) (historySeconds * 1000);
    double previousT = 0;
    for (int i = 0; i < n; i++) {
      double t = i / (double) (n - 1); // 0 = start of history, 1 = the last sample before death
      long ts = start + (long) (t * historySeconds * 1000) + random.nextInt(Math.max(1, interval * 100)); // scrape jitter
      ts = Math.min(ts, incidentTsMs);
      if (gapFrom >= 0 && t > gapFrom && t < gapFrom + gapLength) continue;
      double dt = (t - previousT) * historySeconds;
      previousT = t;
      if (restartAt >= 0 && t >= restartAt && counters.restarted == false) counters.restart();
      State s = shape.at(t);
      double traffic = spike != null && Math.abs(t - spike.at) * historySeconds < spike.seconds / 2 ? spike.factor : 1;
      double goroutines = s.goroutines * (restartAt >= 0 && t >= restartAt && t < restartAt + 0.05 ? 0.5 : 1) * traffic;
      double allocRate = s.allocRate * traffic;
      counters.advance(allocRate * dt, s.gcRate * dt, s.gcRate * dt * s.gcPause, s.cpu * traffic * dt);
      double[] v = new double[TrackedMetric.values().length];
      v[TrackedMetric.GOROUTINES.ordinal()] = Math.round(goroutines * noise(noise));
      v[TrackedMetric.THREADS.ordinal()] = Math.round(s.threads * noise(noise / 4));
      v[TrackedMetric.HEAP_ALLOC_BYTES.ordinal()] = s.heap * noise(noise);
      v[TrackedMetric.NEXT_GC_BYTES.ordinal()] = Math.max(4 * MIB, s.heapLive * (1 + size.gogc / 100));
      v[TrackedMetric.ALLOC_BYTES_TOTAL.ordinal()] = counters.allocBytes;
      v[TrackedMetric.GC_COUNT.ordinal()] = Math.floor(counters.gcCycles);
      v[TrackedMetric.GC_SUM_SECONDS.ordinal()] = counters.gcSeconds;
      v[TrackedMetric.GC_PAUSE_MAX_SECONDS.ordinal()] = s.gcPause * 3 * noise(noise * 5);
      v[TrackedMetric.RSS_BYTES.ordinal()] = (s.heap * 1.3 + goroutines * 8 * KIB + 30 * MIB) * noise(noise / 2);
      v[TrackedMetric.MEMORY_LIMIT_BYTES.ordinal()] = size.memoryLimit;
      v[TrackedMetric.OPEN_FDS.ordinal()] = Math.round(s.fds * noise(noise / 2));
      v[TrackedMetric.MAX_FDS.ordinal()] = size.maxFds;
      v[TrackedMetric.CPU_SECONDS_TOTAL.ordinal()] = counters.cpuSeconds;
      points.add(new MetricPoint(ts, v));
    }
    return new Trajectory(points, incidentTsMs, shape.name, List.copyOf(confounders));
  }

  /** Service sizes spread over three orders of magnitude: a sidecar to a large API server. */
  private Size size() {
    double scale = Math.exp(random.nextGaussian() * 1.2); // log-normal around a mid-sized service
    double heap = clamp(60 * MIB * scale, 8 * MIB, 6 * GIB);
    double limit = random.nextDouble() < 0.5 ? heap * (2 + random.nextDouble() * 4) : Math.pow(2, 63) - 1; // GOMEMLIMIT or unset
    double[] maxFds = {1024, 4096, 65536, 1048576};
    return new Size(
        clamp(150 * scale, 12, 20_000),
        heap,
        clamp(12 + 10 * random.nextDouble() * scale, 6, 200),
        clamp(40 * scale, 10, 5_000),
        maxFds[random.nextInt(maxFds.length)],
        clamp(5 * MIB * scale * (0.5 + random.nextDouble()), 200 * KIB, 400 * MIB),
        clamp(0.2 * scale * (0.5 + random.nextDouble()), 0.01, 3),
        limit,
        random.nextDouble() < 0.8 ? 100 : 50 + random.nextDouble() * 150);
  }

  /** The instance's state at time t in [0, 1] of its history. */
  private record State(double goroutines, double heap, double heapLive, double threads, double fds, double allocRate,
      double gcRate, double gcPause, double cpu) {}

  private abstract static class Shape {
    final String name;

    Shape(String name) {
      this.name = name;
    }

    abstract State at(double t);
  }

  private Shape shape(String rootCause, Size size) {
    double gcRate = size.allocRate / Math.max(4 * MIB, size.heap * size.gogc / 100); // cycles/s: GOGC paces GC by allocation
    double gcPause = 0.0002 + 0.001 * random.nextDouble();
    // The death (or the watchdog) comes at t = 1; the cause starts at `onset`, with growth `curve`.
    double onset = random.nextDouble() * 0.6;
    Curve curve = Curve.values()[random.nextInt(Curve.values().length)];
    return switch (rootCause) {
      case "goroutine_leak" -> {
        double leaked = clamp(size.goroutines * (3 + random.nextDouble() * 60), 2_000, 300_000);
        double perGoroutineHeap = (2 + random.nextDouble() * 18) * KIB; // leaked goroutines pin objects: the heap follows
        boolean holdsConnections = random.nextDouble() < 0.25;
        yield new Shape("goroutines grow " + curve.name().toLowerCase()) {
          State at(double t) {
            double extra = leaked * curve.of(t, onset);
            double heap = size.heap + extra * perGoroutineHeap;
            return new State(size.goroutines + extra, heap, heap, size.threads, size.fds + (holdsConnections ? extra * 0.05 : 0),
                size.allocRate, gcRate, gcPause, size.cpu);
          }
        };
      }
      case "memory_leak" -> {
        double target = Math.min(size.memoryLimit * 0.95, size.heap * (3 + random.nextDouble() * 12));
        yield new Shape("heap grows " + curve.name().toLowerCase()) {
          State at(double t) {
            double heap = size.heap + (target - size.heap) * curve.of(t, onset);
            return new State(size.goroutines, heap, heap, size.threads, size.fds, size.allocRate,
                size.allocRate / Math.max(4 * MIB, heap * size.gogc / 100), gcPause * (1 + heap / size.heap / 4), size.cpu);
          }
        };
      }
      case "gc_pressure" -> {
        double storm = 10 + random.nextDouble() * 90; // allocation rate multiplier once the storm starts
        boolean spiral = random.nextDouble() < 0.5; // GOMEMLIMIT death spiral: live heap at the limit, GC back to back
        double lowGogc = 5 + random.nextDouble() * 45; // storms come with a GOGC turned down, or a heap near its target
        yield new Shape(spiral ? "GOMEMLIMIT spiral" : "allocation storm") {
          State at(double t) {
            double on = curve.of(t, onset);
            double alloc = size.allocRate * (1 + (storm - 1) * on);
            double heap = size.heap * (1 + on * (spiral ? 1.5 : 0.5));
            double rate = spiral ? 5 + 45 * on : alloc / Math.max(4 * MIB, heap * lowGogc / 100);
            // Checked against the lab (docs/training-data.md): under a GOMEMLIMIT spiral or a low GOGC
            // the next GC target sits just above the heap, so heap/next_gc nears 1 once the storm runs.
            double headroom = on > 0 ? (spiral ? 0.02 : lowGogc / 100) : size.gogc / 100;
            double heapLive = heap * (1 + headroom) / (1 + size.gogc / 100); // next_gc = heapLive * (1 + GOGC/100)
            return new State(size.goroutines, heap, heapLive, size.threads, size.fds, alloc, rate,
                gcPause * (1 + 20 * on), Math.max(size.cpu, 1.5 + 2 * on));
          }
        };
      }
      case "resource_exhaustion" -> {
        int flavor = random.nextInt(3); // fds, threads, connections
        double fdTarget = size.maxFds * (0.97 + random.nextDouble() * 0.03);
        double threadTarget = 1_000 + random.nextDouble() * 9_000;
        yield new Shape(flavor == 0 ? "fds to the limit" : flavor == 1 ? "threads to the limit" : "connections pile up") {
          State at(double t) {
            double on = curve.of(t, onset);
            return switch (flavor) {
              case 0 -> new State(size.goroutines, size.heap, size.heap, size.threads, size.fds + (fdTarget - size.fds) * on,
                  size.allocRate, gcRate, gcPause, size.cpu);
              case 1 -> new State(size.goroutines + threadTarget * on, size.heap, size.heap, size.threads + (threadTarget - size.threads) * on,
                  size.fds, size.allocRate, gcRate, gcPause, size.cpu);
              default -> new State(size.goroutines * (1 + 4 * on), size.heap * (1 + 0.3 * on), size.heap, size.threads,
                  size.fds + Math.min(fdTarget, 4_000) * on, size.allocRate, gcRate, gcPause, size.cpu);
            };
          }
        };
      }
      case "deadlock" -> {
        double pileUp = random.nextDouble() * 0.5;
        yield new Shape("progress stops") {
        State at(double t) {
          boolean stuck = t >= onset;
          double queued = stuck ? size.goroutines * pileUp * (t - onset) : 0; // requests pile up on the lock
          return new State(size.goroutines + queued, size.heap, size.heap, size.threads, size.fds,
              stuck ? size.allocRate * 0.02 : size.allocRate, stuck ? gcRate * 0.02 : gcRate, gcPause, stuck ? size.cpu * 0.05 : size.cpu);
        }
        };
      }
      case "lock_contention" -> {
        boolean spinning = random.nextDouble() < 0.3; // a non-preemptible loop holds a P: one core busy, nothing else runs
        double pileUp = 1.5 + random.nextDouble() * 6;
        yield new Shape(spinning ? "scheduler starved" : "requests queue on a mutex") {
          State at(double t) {
            double on = curve.of(t, onset);
            return new State(size.goroutines * (1 + (pileUp - 1) * on), size.heap * (1 + 0.2 * on), size.heap, size.threads, size.fds,
                size.allocRate * (1 - 0.8 * on), gcRate * (1 - 0.8 * on), gcPause, spinning ? Math.max(size.cpu, on) : size.cpu * (1 - 0.6 * on));
          }
        };
      }
      default -> new Shape("steady") { // a bug in code: the metrics were healthy until the crash
        State at(double t) {
          return new State(size.goroutines, size.heap, size.heap, size.threads, size.fds, size.allocRate, gcRate, gcPause, size.cpu);
        }
      };
    };
  }

  /** Growth from 0 at the onset to 1 at the death. */
  private enum Curve {
    LINEAR, EXPONENTIAL, STEPS, SATURATING;

    double of(double t, double onset) {
      if (t <= onset) return 0;
      double x = (t - onset) / (1 - onset);
      return switch (this) {
        case LINEAR -> x;
        case EXPONENTIAL -> (Math.exp(4 * x) - 1) / (Math.exp(4) - 1);
        case STEPS -> Math.min(1, Math.floor(x * 5 + 1) / 5);
        case SATURATING -> 1 - Math.exp(-4 * x);
      };
    }
  }

  private record Spike(double at, double factor, double seconds) {}

  /** Monotonic counters; a restart (deploy) sets them back to zero. */
  private static final class Counters {
    double allocBytes;
    double gcCycles;
    double gcSeconds;
    double cpuSeconds;
    boolean restarted;

    Counters(double allocBytes, double gcCycles, double gcSeconds, double cpuSeconds) {
      this.allocBytes = allocBytes;
      this.gcCycles = gcCycles;
      this.gcSeconds = gcSeconds;
      this.cpuSeconds = cpuSeconds;
    }

    void advance(double bytes, double cycles, double pauseSeconds, double cpu) {
      allocBytes += bytes;
      gcCycles += cycles;
      gcSeconds += pauseSeconds;
      cpuSeconds += cpu;
    }

    void restart() {
      allocBytes = 0;
      gcCycles = 0;
      gcSeconds = 0;
      cpuSeconds = 0;
      restarted = true;
    }
  }

  private double noise(double relative) {
    return Math.max(0, 1 + random.nextGaussian() * relative);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
