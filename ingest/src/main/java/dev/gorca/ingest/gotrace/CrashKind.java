package dev.gorca.ingest.gotrace;

/**
 * What killed the process, read from the runtime's own message. Documented in docs/events.md
 * ("Crash kinds"); the ids are a wire contract and a model feature, so never rename one.
 */
public enum CrashKind {
  NIL_DEREFERENCE("nil_dereference"),
  INDEX_OUT_OF_RANGE("index_out_of_range"),
  TYPE_ASSERTION("type_assertion"),
  SEND_ON_CLOSED_CHANNEL("send_on_closed_channel"),
  CLOSE_OF_CLOSED_CHANNEL("close_of_closed_channel"),
  CLOSE_OF_NIL_CHANNEL("close_of_nil_channel"),
  NEGATIVE_WAITGROUP("negative_waitgroup"),
  WAITGROUP_REUSE("waitgroup_reuse"),
  CONCURRENT_MAP_WRITES("concurrent_map_writes"),
  CONCURRENT_MAP_READ_WRITE("concurrent_map_read_write"),
  CONCURRENT_MAP_ITERATION_WRITE("concurrent_map_iteration_write"),
  DEADLOCK("deadlock"),
  STACK_OVERFLOW("stack_overflow"),
  OUT_OF_MEMORY("out_of_memory"),
  UNLOCK_OF_UNLOCKED_MUTEX("unlock_of_unlocked_mutex"),
  THREAD_EXHAUSTION("thread_exhaustion"),
  CGO_SIGNAL("cgo_signal"),
  SIGNAL("signal"),
  SIGQUIT_DUMP("sigquit_dump"),
  RACE_REPORT("race_report"),
  OTHER_RUNTIME_ERROR("other_runtime_error"),
  OTHER_FATAL_ERROR("other_fatal_error"),
  APPLICATION_PANIC("application_panic"),
  NONE("none");

  private final String id;

  CrashKind(String id) {
    this.id = id;
  }

  /** The stable wire id, e.g. {@code concurrent_map_writes}. */
  public String id() {
    return id;
  }

  /** The kind with this wire id, or null when there is none. */
  public static CrashKind fromId(String id) {
    for (CrashKind kind : values()) {
      if (kind.id.equals(id)) return kind;
    }
    return null;
  }
}
