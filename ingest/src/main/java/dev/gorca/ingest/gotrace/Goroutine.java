package dev.gorca.ingest.gotrace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One goroutine of a traceback or dump.
 *
 * @param id goroutine id (0 is a thread's system goroutine in SIGQUIT dumps)
 * @param state wait reason as printed, e.g. {@code chan receive}, {@code semacquire}, {@code running}
 * @param waitMinutes minutes blocked as printed; 0 when not printed (blocked under a minute, or running)
 * @param lockedToThread {@code locked to thread} was printed
 * @param gp the {@code gp=0x...} address (Go 1.23+ under GOTRACEBACK=system or during a fatal error), "" when absent
 * @param m the {@code m=N} thread id, -1 when absent or {@code m=nil}
 * @param mp the {@code mp=0x...} address, "" when absent
 * @param labels pprof labels printed in the header (Go 1.27+), empty when none
 * @param frames frames from innermost outwards
 * @param elidedFrames frames the runtime left out: N for {@code ...N frames elided...}, -1 for
 *     {@code ...additional frames elided...} (count unknown), 0 when nothing was elided
 * @param stackUnavailable the runtime printed {@code goroutine running on other thread; stack unavailable}
 * @param createdBy the creator, or null for goroutines the runtime started without one (main, g0)
 * @param headerLine 1-based line number of the header in the parsed text
 */
public record Goroutine(
    long id,
    String state,
    int waitMinutes,
    boolean lockedToThread,
    String gp,
    long m,
    String mp,
    Map<String, String> labels,
    List<Frame> frames,
    int elidedFrames,
    boolean stackUnavailable,
    CreatedBy createdBy,
    int headerLine) {

  public Goroutine {
    Objects.requireNonNull(state, "state == null");
    Objects.requireNonNull(gp, "gp == null");
    Objects.requireNonNull(mp, "mp == null");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    frames = List.copyOf(frames);
    if (waitMinutes < 0) throw new IllegalArgumentException("waitMinutes < 0: " + waitMinutes);
  }

  /** The innermost frame outside the standard library: where an operator starts reading. */
  public Frame topApplicationFrame() {
    for (Frame frame : frames) {
      if (!frame.isStandardLibrary()) return frame;
    }
    return null;
  }
}
