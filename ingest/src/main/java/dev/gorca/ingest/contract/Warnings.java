package dev.gorca.ingest.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects {@link LineWarning}s up to a cap. Garbage input can be a warning per line, and a list of millions
 * of warnings helps nobody; past the cap only a count is kept and reported in one closing warning.
 */
public final class Warnings {
  /** Enough to see every problem of a real file and the pattern of a garbage one. */
  public static final int DEFAULT_MAX = 1000;

  private final int max;
  private final List<LineWarning> kept = new ArrayList<>();
  private long dropped;

  public Warnings() {
    this(DEFAULT_MAX);
  }

  public Warnings(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max < 1: " + max);
    }
    this.max = max;
  }

  public void add(int line, String message) {
    if (kept.size() < max) {
      kept.add(new LineWarning(line, message));
    } else {
      dropped++;
    }
  }

  /** The kept warnings, plus one saying how many were left out, if any. */
  public List<LineWarning> toList() {
    if (dropped == 0) {
      return List.copyOf(kept);
    }
    List<LineWarning> all = new ArrayList<>(kept);
    all.add(new LineWarning(0, dropped + " more warnings not shown (only the first " + max + " are kept)"));
    return List.copyOf(all);
  }
}
