package dev.gorca.features.flink;

import dev.gorca.features.extract.MetricPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The recent samples of one instance, bounded twice: by count ({@link #capacity}) and by age
 * (samples older than the newest minus the retention are dropped). A Flink POJO kept in keyed state.
 */
public final class MetricRing {
  public MetricPoint[] points;
  /** Index of the oldest point. */
  public int head;
  public int size;

  public MetricRing() {}

  public static MetricRing withCapacity(int capacity) {
    if (capacity < 2) throw new IllegalArgumentException("capacity < 2: " + capacity);
    MetricRing ring = new MetricRing();
    ring.points = new MetricPoint[capacity];
    return ring;
  }

  public int capacity() {
    return points.length;
  }

  /** Adds a sample, dropping the oldest when full. */
  public void add(MetricPoint point) {
    if (size == points.length) {
      points[head] = point;
      head = (head + 1) % points.length;
    } else {
      points[(head + size) % points.length] = point;
      size++;
    }
  }

  /** Drops samples older than {@code oldestKeptTsMs}, in arrival order from the oldest. */
  public void evictOlderThan(long oldestKeptTsMs) {
    while (size > 0 && points[head].tsMs < oldestKeptTsMs) {
      points[head] = null;
      head = (head + 1) % points.length;
      size--;
    }
  }

  public List<MetricPoint> toList() {
    List<MetricPoint> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) list.add(points[(head + i) % points.length]);
    return list;
  }

  public long newestTsMs() {
    long newest = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) newest = Math.max(newest, points[(head + i) % points.length].tsMs);
    return newest;
  }
}
