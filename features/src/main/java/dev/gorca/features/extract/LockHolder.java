package dev.gorca.features.extract;

import dev.gorca.features.schema.GoroutineCategory;
import dev.gorca.ingest.gotrace.Bucket;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.List;

/**
 * What the goroutine inside the critical section of the largest lock wait is doing: the question an
 * engineer asks of a lock convoy before anything else. A dump does not say who holds a mutex, but
 * the holder passed the {@code Lock} call the waiters are parked on, so it has the waiters' function
 * in its stack at another line (or twice, when it recursed into the lock). If that goroutine is at
 * work (running, in a system call, IO wait or sleep), the waiters queue behind slow work: lock
 * contention. If it is itself parked on a lock, the locks wait on each other: a deadlock. If it
 * waits on a channel, the holder depends on another goroutine. If no goroutine is inside, the lock
 * was left locked (a missing Unlock) or is held by a function the waiters never call.
 *
 * <p>The ordinals are the values of {@code dump_lock_holder} (docs/features.md), ordered from a convoy
 * behind a live holder (contention), through no lock wait at all, to a lock that nobody will release
 * (a deadlock), so that one threshold on either side separates them.
 */
public enum LockHolder {
  /** The holder runs, is runnable, or is in a system call, IO wait or sleep. */
  AT_WORK,
  /** The holder waits on a channel, a select, a Cond or a WaitGroup. */
  BLOCKED_ON_GOROUTINE,
  /** No application goroutine is blocked on a sync.Mutex or RWMutex. */
  NO_LOCK_WAIT,
  /** Goroutines wait on a lock, but none is inside the function they wait in. */
  NOT_VISIBLE,
  /** The holder is itself blocked on a lock (a lock chain or a recursive lock). */
  BLOCKED_ON_LOCK;

  /**
   * The holder's state for the largest bucket of lock waiters. When several goroutines qualify
   * (readers of an RWMutex), one at work wins: the lock is then moving.
   *
   * @param application goroutines that are not the runtime's own
   * @param buckets the application buckets, largest first
   */
  public static LockHolder of(List<Goroutine> application, List<Bucket> buckets) {
    Bucket waiters = buckets.stream()
        .filter(b -> GoroutineCategory.of(b.state(), b.frames()) == GoroutineCategory.LOCK)
        .findFirst().orElse(null);
    if (waiters == null) return NO_LOCK_WAIT;
    Frame waitsAt = waiters.topApplicationFrame();
    if (waitsAt == null) return NOT_VISIBLE;
    LockHolder found = NOT_VISIBLE;
    for (Goroutine g : application) {
      if (!isInside(g, waitsAt)) continue;
      LockHolder state = stateOf(GoroutineCategory.of(g));
      if (state == AT_WORK) return AT_WORK;
      if (found == NOT_VISIBLE || state == BLOCKED_ON_LOCK) found = state;
    }
    return found;
  }

  /**
   * The goroutine is inside the waiters' function (at another line than their Lock, or recursed into
   * it) or inside another method of the same receiver type: a struct's mutex is locked by its own
   * methods, so a registry's Broadcast holds the lock its Lookup waits on. A goroutine parked on a
   * lock at the top of such a method is one more waiter, not a holder.
   */
  private static boolean isInside(Goroutine g, Frame waitsAt) {
    String receiver = receiverType(waitsAt.function());
    Frame top = g.topApplicationFrame();
    boolean lockWait = GoroutineCategory.of(g) == GoroutineCategory.LOCK;
    for (Frame frame : g.frames()) {
      String function = frame.function();
      if (function.equals(waitsAt.function())) {
        if (frame != top || frame.line() != waitsAt.line()) return true;
      } else if (receiver != null && function.startsWith(receiver)) {
        if (frame != top || !lockWait) return true;
      }
    }
    return false;
  }

  /** {@code main.(*Registry).} of {@code main.(*Registry).Lookup}; null for a plain function. */
  static String receiverType(String function) {
    int close = function.lastIndexOf(").");
    if (close < 0 || function.indexOf(".(") < 0) return null;
    return function.substring(0, close + 2);
  }

  private static LockHolder stateOf(GoroutineCategory category) {
    return switch (category) {
      case RUNNING, SYSCALL, IO_WAIT, SLEEP -> AT_WORK;
      case LOCK -> BLOCKED_ON_LOCK;
      case CHAN_RECEIVE, CHAN_SEND, SELECT, COND_WAIT, WAITGROUP -> BLOCKED_ON_GOROUTINE;
      default -> NOT_VISIBLE;
    };
  }
}
