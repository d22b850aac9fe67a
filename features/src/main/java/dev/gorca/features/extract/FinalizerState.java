package dev.gorca.features.extract;

import dev.gorca.features.schema.GoroutineCategory;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.List;

/**
 * Whether the runtime's single finalizer goroutine is stuck inside a finalizer. Every finalizer runs
 * on that one goroutine ({@code runtime.runfinq}), so one that blocks or is slow holds back every
 * object queued for finalization, and their memory with it: the heap grows as in a leak, while the
 * GC runs constantly. The traceback shows the finalizer goroutine with the finalizer's frames above
 * {@code runtime.runfinq} (the runtime counts it as a user goroutine while it runs one, so it is
 * printed under GOTRACEBACK=all too); parked in a wait rather than running, it is stuck.
 */
final class FinalizerState {
  private FinalizerState() {}

  /** 1 when the finalizer goroutine waits inside a finalizer, 0 otherwise. */
  static int blocked(List<Goroutine> goroutines) {
    for (Goroutine g : goroutines) {
      if (!runsFinalizer(g)) continue;
      GoroutineCategory category = GoroutineCategory.of(g);
      if (category != GoroutineCategory.RUNNING && category != GoroutineCategory.RUNTIME) return 1;
    }
    return 0;
  }

  /**
   * {@code runtime.runfinq} at the bottom with a frame outside package runtime above it. Where
   * runtime frames are hidden (a pprof debug=2 dump, GOTRACEBACK=all) the finalizer goroutine is the
   * one goroutine besides main that has no creator and application code at the bottom of its stack.
   */
  private static boolean runsFinalizer(Goroutine g) {
    List<Frame> frames = g.frames();
    if (frames.isEmpty()) return false;
    boolean finq = false;
    boolean user = false;
    for (Frame frame : frames) {
      if (frame.function().equals("runtime.runfinq")) finq = true;
      else if (!frame.function().startsWith("runtime.")) user = true;
    }
    if (finq) return user;
    Frame bottom = frames.get(frames.size() - 1);
    return g.createdBy() == null && g.id() != 1 && !bottom.function().startsWith("runtime.")
        && !bottom.function().equals("main.main") && g.elidedFrames() == 0;
  }
}
