package dev.gorca.ingest.gotrace;

/**
 * Crash kinds grouped by the runtime mechanism behind them: the three channel messages are one
 * misuse of channels, the three map messages one unsynchronised map. A model that has seen
 * "send on closed channel" can then place "close of nil channel", which it never saw, where it
 * belongs. The order is a categorical feature code: append only.
 */
public enum CrashFamily {
  NONE,
  NIL,
  BOUNDS,
  TYPE_ASSERTION,
  CHANNEL,
  MAP,
  SYNC,
  DEADLOCK,
  STACK,
  MEMORY,
  THREADS,
  CGO,
  SIGNAL,
  HANG_DUMP,
  RACE,
  RUNTIME_ERROR,
  PANIC;

  public static CrashFamily of(CrashKind kind) {
    return switch (kind) {
      case NIL_DEREFERENCE -> NIL;
      case INDEX_OUT_OF_RANGE -> BOUNDS;
      case TYPE_ASSERTION -> TYPE_ASSERTION;
      case SEND_ON_CLOSED_CHANNEL, CLOSE_OF_CLOSED_CHANNEL, CLOSE_OF_NIL_CHANNEL -> CHANNEL;
      case CONCURRENT_MAP_WRITES, CONCURRENT_MAP_READ_WRITE, CONCURRENT_MAP_ITERATION_WRITE -> MAP;
      case NEGATIVE_WAITGROUP, WAITGROUP_REUSE, UNLOCK_OF_UNLOCKED_MUTEX -> SYNC;
      case DEADLOCK -> DEADLOCK;
      case STACK_OVERFLOW -> STACK;
      case OUT_OF_MEMORY -> MEMORY;
      case THREAD_EXHAUSTION -> THREADS;
      case CGO_SIGNAL -> CGO;
      case SIGNAL -> SIGNAL;
      case SIGQUIT_DUMP -> HANG_DUMP;
      case RACE_REPORT -> RACE;
      case OTHER_RUNTIME_ERROR, OTHER_FATAL_ERROR -> RUNTIME_ERROR;
      case APPLICATION_PANIC -> PANIC;
      case NONE -> NONE;
    };
  }
}
