package dev.gorca.serving.bench;

import java.lang.management.ManagementFactory;

/** What the figures were measured on; the load average says how much else was running. */
public record Machine(int cores, double memoryGib, double maxHeapGib, String java, double loadAverageAtStart,
    double loadAverageAtEnd) {
  static Machine now(double loadAverageAtStart) {
    double memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getTotalMemorySize() / (double) (1L << 30) : Double.NaN;
    return new Machine(Runtime.getRuntime().availableProcessors(), memory,
        Runtime.getRuntime().maxMemory() / (double) (1L << 30), System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"), loadAverageAtStart, loadAverage());
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
