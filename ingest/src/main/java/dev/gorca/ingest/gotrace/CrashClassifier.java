package dev.gorca.ingest.gotrace;

import java.util.List;

/**
 * Decides the {@link CrashKind} from what the runtime printed. The runtime's messages are stable
 * across Go 1.19–1.23 except where noted; the order of checks is the order of precedence: the
 * panic or fatal error that ended the process wins over the signal it raised, which wins over a
 * race report or a watchdog's SIGQUIT dump.
 */
final class CrashClassifier {
  private CrashClassifier() {}

  static CrashKind classify(
      List<PanicValue> panics, String fatalError, List<SignalInfo> signals, boolean raceReported) {
    // A recovered panic can be re-panicked as something else; the first runtime error names the
    // bug, a later application panic usually just wraps it.
    CrashKind fromPanics = null;
    for (PanicValue panic : panics) {
      CrashKind kind = fromPanicValue(panic.value());
      if (kind != CrashKind.APPLICATION_PANIC) return kind;
      if (fromPanics == null) fromPanics = kind;
    }
    if (fatalError != null) {
      CrashKind kind = fromFatalError(fatalError, signals);
      if (kind != null) return kind;
    }
    if (fromPanics != null) return fromPanics;
    if (fatalError != null) return CrashKind.OTHER_FATAL_ERROR;
    for (SignalInfo signal : signals) {
      if (signal.duringCgo()) return CrashKind.CGO_SIGNAL;
    }
    if (!signals.isEmpty()) {
      if (raceReported) return CrashKind.RACE_REPORT;
      return signals.get(0).name().equals("SIGQUIT") ? CrashKind.SIGQUIT_DUMP : CrashKind.SIGNAL;
    }
    return raceReported ? CrashKind.RACE_REPORT : CrashKind.NONE;
  }

  static CrashKind fromPanicValue(String value) {
    if (value.contains("nil pointer dereference")) return CrashKind.NIL_DEREFERENCE;
    if (value.startsWith("assignment to entry in nil map")) return CrashKind.NIL_DEREFERENCE;
    if (value.contains("index out of range") || value.contains("slice bounds out of range")) {
      return CrashKind.INDEX_OUT_OF_RANGE;
    }
    if (value.startsWith("interface conversion:")) return CrashKind.TYPE_ASSERTION;
    if (value.startsWith("send on closed channel")) return CrashKind.SEND_ON_CLOSED_CHANNEL;
    if (value.startsWith("close of closed channel")) return CrashKind.CLOSE_OF_CLOSED_CHANNEL;
    if (value.startsWith("close of nil channel")) return CrashKind.CLOSE_OF_NIL_CHANNEL;
    if (value.startsWith("sync: negative WaitGroup counter")) return CrashKind.NEGATIVE_WAITGROUP;
    if (value.startsWith("sync: WaitGroup is reused")) return CrashKind.WAITGROUP_REUSE;
    if (value.startsWith("runtime error:")) return CrashKind.OTHER_RUNTIME_ERROR;
    return CrashKind.APPLICATION_PANIC;
  }

  /** Null when the message is not one we know; the caller decides the fallback. */
  static CrashKind fromFatalError(String message, List<SignalInfo> signals) {
    if (message.startsWith("concurrent map writes")) return CrashKind.CONCURRENT_MAP_WRITES;
    if (message.startsWith("concurrent map read and map write")) {
      return CrashKind.CONCURRENT_MAP_READ_WRITE;
    }
    if (message.startsWith("concurrent map iteration and map write")) {
      return CrashKind.CONCURRENT_MAP_ITERATION_WRITE;
    }
    if (message.startsWith("concurrent map clone and map write")) {
      return CrashKind.CONCURRENT_MAP_WRITES;
    }
    if (message.contains("deadlock!")) return CrashKind.DEADLOCK;
    if (message.startsWith("stack overflow")) return CrashKind.STACK_OVERFLOW;
    if (message.contains("out of memory") || message.contains("cannot allocate memory")) {
      return CrashKind.OUT_OF_MEMORY;
    }
    // "sync: unlock of unlocked mutex", "sync: RUnlock of unlocked RWMutex", "sync: Unlock of unlocked RWMutex"
    if (message.contains("nlock of unlocked")) return CrashKind.UNLOCK_OF_UNLOCKED_MUTEX;
    if (message.startsWith("thread exhaustion") || message.startsWith("newosproc")) {
      return CrashKind.THREAD_EXHAUSTION;
    }
    if (message.startsWith("sync: negative WaitGroup counter")) return CrashKind.NEGATIVE_WAITGROUP;
    if (message.startsWith("unexpected signal") || message.startsWith("fault")) {
      for (SignalInfo signal : signals) {
        if (signal.duringCgo()) return CrashKind.CGO_SIGNAL;
      }
      return CrashKind.SIGNAL;
    }
    return null;
  }
}
