package dev.gorca.features.schema;

import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.List;

/**
 * What a goroutine is doing, in categories that mean the same on every Go version: Go 1.19 prints
 * {@code semacquire} for a blocked {@code sync.Mutex.Lock} and {@code WaitGroup.Wait} alike, Go
 * 1.20+ prints {@code sync.Mutex.Lock} (and {@code sync.WaitGroup.Wait} only from Go 1.24), so the frames decide.
 * The order is the categorical code of {@code dump_largest_bucket_category}: append only.
 */
public enum GoroutineCategory {
  RUNNING("running", "running or runnable"),
  CHAN_RECEIVE("chan_receive", "blocked receiving from a channel (nil channels too)"),
  CHAN_SEND("chan_send", "blocked sending on a channel"),
  SELECT("select", "blocked in select"),
  LOCK("lock", "blocked on a sync.Mutex or RWMutex (semacquire under a Lock frame, or the sync.*Mutex.*Lock states)"),
  WAITGROUP("waitgroup", "blocked in sync.WaitGroup.Wait"),
  COND_WAIT("cond_wait", "blocked in sync.Cond.Wait"),
  IO_WAIT("io_wait", "in IO wait (network poller)"),
  SYSCALL("syscall", "in a system call"),
  SLEEP("sleep", "in time.Sleep"),
  RUNTIME("runtime", "that are the runtime's own (GC workers, finalizer, sweeper: every frame in package runtime)"),
  OTHER("other", "in any other state");

  private final String id;
  private final String description;

  GoroutineCategory(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  public static GoroutineCategory of(Goroutine goroutine) {
    return of(goroutine.state(), goroutine.frames(), goroutine.id());
  }

  /** The category of a bucket: its shared state and stack. */
  public static GoroutineCategory of(String state, List<Frame> frames) {
    return of(state, frames, -1);
  }

  private static GoroutineCategory of(String state, List<Frame> frames, long id) {
    if (isRuntimeInternal(frames, id)) return RUNTIME;
    if (state.equals("running") || state.equals("runnable") || state.equals("preempted") || state.equals("copystack")) {
      return RUNNING;
    }
    if (state.startsWith("chan receive")) return CHAN_RECEIVE;
    if (state.startsWith("chan send")) return CHAN_SEND;
    if (state.startsWith("select")) return SELECT;
    if (state.startsWith("sync.Mutex.") || state.startsWith("sync.RWMutex.")) return LOCK;
    if (state.equals("sync.WaitGroup.Wait")) return WAITGROUP;
    if (state.equals("sync.Cond.Wait")) return COND_WAIT;
    if (state.startsWith("semacquire")) return fromSemacquireFrames(frames);
    if (state.equals("IO wait")) return IO_WAIT;
    if (state.equals("syscall")) return SYSCALL;
    if (state.equals("sleep")) return SLEEP;
    return OTHER;
  }

  private static GoroutineCategory fromSemacquireFrames(List<Frame> frames) {
    for (Frame frame : frames) {
      String function = frame.function();
      if (function.startsWith("sync.(*WaitGroup).")) return WAITGROUP;
      if (function.startsWith("sync.(*Cond).")) return COND_WAIT;
      if (function.startsWith("sync.(*Mutex).") || function.startsWith("sync.(*RWMutex).")) return LOCK;
    }
    return LOCK;
  }

  /** GC workers, the finalizer, the sweeper, a thread's g0: nothing but runtime frames. */
  private static boolean isRuntimeInternal(List<Frame> frames, long id) {
    if (frames.isEmpty()) return id == 0;
    for (Frame frame : frames) {
      if (!frame.packagePath().equals("runtime")) return false;
    }
    return true;
  }
}
