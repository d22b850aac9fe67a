package dev.gorca.serving.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A simulated instance in good health: steady goroutines, threads, heap and fds with a little noise,
 * counters that grow at a steady rate. What a service sends between incidents (the demo's traffic, the
 * bench's long stretch before a lab capture takes over). Deterministic for a seeded {@code Random}.
 */
public final class HealthyInstance {
  final String service;
  final String instance;
  private final double goroutines;
  private final double heapBytes;
  private final double allocBytesPerSecond;
  private final double gcPerSecond;
  private final double fds;
  private double allocTotal;
  private double gcCount;
  private double gcSeconds;
  private double cpuSeconds;

  public HealthyInstance(String service, String instance, Random random) {
    this.service = service;
    this.instance = instance;
    goroutines = 40 + random.nextInt(400);
    heapBytes = (20 + random.nextInt(200)) * 1e6;
    allocBytesPerSecond = heapBytes * (0.05 + random.nextDouble() * 0.2);
    gcPerSecond = 0.05 + random.nextDouble() * 0.2;
    fds = 10 + random.nextInt(60);
    allocTotal = heapBytes * 10;
  }

  /** One scrape, {@code elapsedSeconds} after the previous one. */
  public Map<String, Double> scrape(double elapsedSeconds, Random random) {
    allocTotal += allocBytesPerSecond * elapsedSeconds;
    gcCount += gcPerSecond * elapsedSeconds;
    gcSeconds += gcPerSecond * elapsedSeconds * 0.0004;
    cpuSeconds += elapsedSeconds * (0.05 + random.nextDouble() * 0.1);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("go_goroutines", Math.rint(goroutines * (0.95 + random.nextDouble() * 0.1)));
    values.put("go_threads", 8.0 + random.nextInt(3));
    values.put("go_memstats_heap_alloc_bytes", Math.rint(heapBytes * (0.8 + random.nextDouble() * 0.4)));
    values.put("go_memstats_next_gc_bytes", Math.rint(heapBytes * 2));
    values.put("go_memstats_alloc_bytes_total", Math.rint(allocTotal));
    values.put("go_gc_duration_seconds_count", Math.floor(gcCount));
    values.put("go_gc_duration_seconds_sum", gcSeconds);
    values.put("process_resident_memory_bytes", Math.rint(heapBytes * 2.5));
    values.put("process_open_fds", Math.rint(fds + random.nextInt(3)));
    values.put("process_max_fds", 1_048_576.0);
    values.put("process_cpu_seconds_total", cpuSeconds);
    return values;
  }
}
