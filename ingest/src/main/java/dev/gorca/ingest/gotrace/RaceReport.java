package dev.gorca.ingest.gotrace;

import java.util.List;

/**
 * One {@code WARNING: DATA RACE} report of the race detector.
 *
 * @param accesses the conflicting accesses, current first ({@code Write at 0x... by goroutine 7:})
 * @param goroutines where the goroutines involved were created ({@code Goroutine 7 (running) created at:})
 * @param line 1-based line of {@code WARNING: DATA RACE}
 */
public record RaceReport(List<Access> accesses, List<Creation> goroutines, int line) {
  public RaceReport {
    accesses = List.copyOf(accesses);
    goroutines = List.copyOf(goroutines);
  }

  /**
   * @param operation e.g. {@code Write}, {@code Previous read}
   * @param address e.g. {@code 0x00c000012345}, "" when absent
   * @param goroutine the accessing goroutine, 1 for {@code main goroutine}, -1 when unreadable
   */
  public record Access(String operation, String address, long goroutine, List<Frame> frames) {
    public Access {
      frames = List.copyOf(frames);
    }
  }

  /** @param status e.g. {@code running}, {@code finished} */
  public record Creation(long goroutine, String status, List<Frame> frames) {
    public Creation {
      frames = List.copyOf(frames);
    }
  }
}
