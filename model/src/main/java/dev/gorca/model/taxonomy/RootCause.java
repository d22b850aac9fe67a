package dev.gorca.model.taxonomy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The root causes gorca tells apart: the model's classes and the values operators label incidents
 * with. Documented in docs/root-causes.md.
 *
 * <p>APPEND ONLY. The declaration order is the model's class index ({@link #classIndex()}), and the
 * ids are stored in labels and trained models: never reorder, rename or remove a constant; add new
 * ones at the end.
 */
public enum RootCause {
  GOROUTINE_LEAK("goroutine_leak", "Goroutine leak",
      "Goroutines block forever on something nobody will ever release (a channel, a WaitGroup, a context"
          + " that is never cancelled) and pile up with traffic until memory or the scheduler gives out."),
  DEADLOCK("deadlock", "Deadlock",
      "A set of goroutines each wait for another in the set (locks, channels, a WaitGroup), so none can"
          + " proceed; the runtime reports it only when nothing else in the process is alive."),
  CONCURRENT_MAP_ACCESS("concurrent_map_access", "Concurrent map access (data race)",
      "Goroutines read and write shared state, usually a built-in map, without synchronisation; the runtime"
          + " aborts on the map race it happens to catch and the race detector reports the rest."),
  NIL_DEREFERENCE("nil_dereference", "Nil dereference",
      "Code reads, writes or calls through a nil pointer, nil func or nil interface, or assigns into a nil map."),
  INDEX_OUT_OF_RANGE("index_out_of_range", "Index out of range",
      "An index or slice expression goes past a slice's length or capacity (or low > high) and the bounds"
          + " check panics."),
  MEMORY_LEAK("memory_leak", "Memory leak",
      "The live heap grows without bound because something long-lived keeps references, while the goroutine"
          + " count stays flat, until the process runs out of memory."),
  GC_PRESSURE("gc_pressure", "GC pressure",
      "The garbage collector eats the CPU (an allocation storm, a too-low GOGC, a live heap pressed against"
          + " GOMEMLIMIT, blocked finalizers) while the live heap itself is not growing."),
  STACK_OVERFLOW("stack_overflow", "Stack overflow",
      "A goroutine recurses without end (a cyclic walk, or a String or MarshalJSON method that calls itself"
          + " through fmt or encoding/json) until its stack reaches the maximum size."),
  CHANNEL_MISUSE("channel_misuse", "Channel misuse",
      "A channel is used the way the language forbids (send on a closed channel, close of a closed or nil"
          + " channel), usually because it is unclear who owns closing it."),
  SYNC_MISUSE("sync_misuse", "Sync misuse",
      "A sync primitive is used against its contract (unlock of an unlocked mutex, a WaitGroup counter"
          + " driven negative or reused before Wait returned) and the runtime aborts."),
  LOCK_CONTENTION("lock_contention", "Lock contention",
      "Goroutines spend their time queued on a lock, or on a CPU when non-preemptible loops starve the"
          + " scheduler, so throughput collapses although nothing is deadlocked."),
  CGO_CRASH("cgo_crash", "cgo crash",
      "Native code called through cgo, or a thread a C library created, faults or aborts and takes the Go"
          + " process with it."),
  RESOURCE_EXHAUSTION("resource_exhaustion", "Resource exhaustion",
      "The process runs out of a bounded OS or pool resource (file descriptors, threads, pooled"
          + " connections, ephemeral ports) because something acquires it and never releases it."),
  TYPE_ASSERTION("type_assertion", "Failed type assertion",
      "An unchecked type assertion x.(T) meets a value of another dynamic type, or a nil interface, and panics."),
  APPLICATION_PANIC("application_panic", "Application panic",
      "The application or a library panics on purpose (panic(err), log.Panicf, a Must helper, an invariant"
          + " check), or with a runtime error that has no cause of its own such as integer divide by zero.");

  private static final List<RootCause> ALL = List.of(values());

  private final String id;
  private final String title;
  private final String summary;

  RootCause(String id, String title, String summary) {
    this.id = id;
    this.title = title;
    this.summary = summary;
  }

  /** The stable id used in labels, model files and docs, e.g. {@code goroutine_leak}. */
  public String id() {
    return id;
  }

  /** A short name for people, e.g. "Goroutine leak". */
  public String title() {
    return title;
  }

  /** One sentence on what went wrong. */
  public String summary() {
    return summary;
  }

  /** The model's class index: the declaration order, which is why constants are append only. */
  public int classIndex() {
    return ordinal();
  }

  /** The causes in class-index order. */
  public static List<RootCause> all() {
    return ALL;
  }

  /** The ids in class-index order. */
  public static List<String> ids() {
    return ALL.stream().map(RootCause::id).toList();
  }

  /** The cause with exactly this id; empty for anything else, including null. */
  public static Optional<RootCause> parse(String id) {
    if (id == null) return Optional.empty();
    for (RootCause cause : ALL) {
      if (cause.id.equals(id)) return Optional.of(cause);
    }
    return Optional.empty();
  }

  /**
   * The cause with this id, for validating ids that must be right (operator labels, model files).
   *
   * @throws IllegalArgumentException naming the valid ids, and the one meant when only case, blanks
   *     or dashes differ
   */
  public static RootCause fromId(String id) {
    Objects.requireNonNull(id, "id == null");
    return parse(id).orElseThrow(() -> new IllegalArgumentException(unknownIdMessage(id)));
  }

  /** The cause at this class index, for reading a model's predictions. */
  public static RootCause fromClassIndex(int classIndex) {
    if (classIndex < 0 || classIndex >= ALL.size()) {
      throw new IllegalArgumentException("expected a root-cause class index from 0 to " + (ALL.size() - 1)
          + ", found " + classIndex + "; was the model trained with a newer taxonomy?");
    }
    return ALL.get(classIndex);
  }

  private static String unknownIdMessage(String id) {
    String valid = ALL.stream().map(RootCause::id).collect(Collectors.joining(", "));
    String message = "expected a root cause id, one of " + valid + "; found \"" + id + "\"";
    Optional<RootCause> meant = parse(normalise(id));
    return meant.map(cause -> message + "; did you mean \"" + cause.id + "\"?")
        .orElse(message + "; see docs/root-causes.md");
  }

  private static String normalise(String id) {
    return id.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }
}
