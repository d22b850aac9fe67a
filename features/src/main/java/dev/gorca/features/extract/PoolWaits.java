package dev.gorca.features.extract;

import dev.gorca.features.schema.GoroutineCategory;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Goroutines parked waiting for a pooled resource: a database connection, an HTTP connection to a
 * host, a semaphore permit. A pool that ran dry (connections leaked on an error path, a limit set
 * too low) leaves every request parked in its acquire call, which in a dump looks like any other
 * channel or select wait; what the frames say is <em>where</em> they wait. Known acquire functions of
 * the standard library and of common pools are matched by name, and an application's own pool by its
 * shape: a method named like an acquire on a receiver type named like a pool.
 */
final class PoolWaits {
  /** Acquire functions of the standard library and widely used pools, by exact name. */
  private static final Set<String> KNOWN = Set.of(
      "database/sql.(*DB).conn",
      "net/http.(*Transport).getConn",
      "net/http.(*Transport).queueForIdleConn",
      "golang.org/x/sync/semaphore.(*Weighted).Acquire",
      "github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire",
      "github.com/jackc/pgx/v4/pgxpool.(*Pool).Acquire",
      "github.com/redis/go-redis/v9/internal/pool.(*ConnPool).waitTurn",
      "github.com/go-redis/redis/v8/internal/pool.(*ConnPool).waitTurn");

  /** Method names of an acquire, compared in lower case. */
  private static final Set<String> ACQUIRE_METHODS = Set.of(
      "get", "acquire", "borrow", "take", "checkout", "conn", "getconn", "lease", "waitturn");

  /** Receiver type names of a pool, as lower-case fragments. */
  private static final List<String> POOL_TYPES = List.of("pool", "semaphore");

  private PoolWaits() {}

  /** Application goroutines blocked inside a pool's acquire call. */
  static int count(List<Goroutine> application) {
    int waiting = 0;
    for (Goroutine g : application) {
      if (DumpShapeFeatures.isBlocked(GoroutineCategory.of(g)) && inAcquire(g.frames())) waiting++;
    }
    return waiting;
  }

  /** Looks at the standard-library frames on top and the first frame past them. */
  private static boolean inAcquire(List<Frame> frames) {
    for (Frame frame : frames) {
      if (isAcquire(frame.function())) return true;
      if (!frame.isStandardLibrary()) return false;
    }
    return false;
  }

  static boolean isAcquire(String function) {
    if (KNOWN.contains(function)) return true;
    String receiver = LockHolder.receiverType(function);
    if (receiver == null) return false;
    String method = function.substring(receiver.length()).toLowerCase(Locale.ROOT);
    String type = receiver.substring(receiver.lastIndexOf(".(") + 2).toLowerCase(Locale.ROOT);
    return ACQUIRE_METHODS.contains(method) && POOL_TYPES.stream().anyMatch(type::contains);
  }
}
