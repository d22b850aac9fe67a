package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code dump_lock_holder}, {@code dump_share_pool_wait} and {@code dump_finalizer_blocked} on real dumps of every Go version, for
 * programs whose lock holder (or finalizer) is known from their code (lab/programs).
 */
class LockHolderCapturesTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.current();
  private static final List<String> GO = List.of("go1.19", "go1.21", "go1.23");

  private static FeatureVector dumpFeatures(String id) {
    LabCapture capture = LabCaptures.named(id);
    return IncidentFeatures.extract(new IncidentEvidence(0, null, new GoTraceParser().parse(capture.read(capture.dump())), List.of()), SCHEMA);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      // the holder writes to a client that stopped reading (IO wait), in another method of the registry
      "lock_contention/mutex_held_io, AT_WORK",
      // the holder fsyncs (syscall) inside the critical section the waiters queue on
      "lock_contention/fsync_under_lock, AT_WORK",
      // the janitor holds the session mutex across a slow revoke call (IO wait); 640 idle connections
      "lock_contention/idle_pool_lock_convoy, AT_WORK",
      // the feed consumer encodes the catalog (running) inside the mutex 80 lookups wait on
      "lock_contention/snapshot_encode_lock, AT_WORK",
      // the publisher holding the broker lock is blocked sending to a dead subscriber's mailbox
      "lock_contention/pubsub_subscribers, BLOCKED_ON_GOROUTINE",
      // the slow reader holds RLock while it works; the rebuild and new readers wait
      "lock_contention/rwmutex_writer_starvation, AT_WORK",
      // the refreshing request reads from a slow backend (IO wait) while holding the cache mutex
      "lock_contention/cache_stampede_lock, AT_WORK",
      // the holder sends into the shipper's full channel while holding the audit mutex
      "lock_contention/slow_log_shipper, BLOCKED_ON_GOROUTINE",
      // the reader holding RLock called RLock again behind a waiting writer
      "deadlock/recursive_rlock, BLOCKED_ON_LOCK",
      // Get holds RLock and its refresh waits in Lock on the same RWMutex
      "deadlock/rlock_upgrade, BLOCKED_ON_LOCK",
      // Cancel holds s.mu and issueRefund waits for s.mu
      "deadlock/mutex_relock, BLOCKED_ON_LOCK",
      // the dispatcher, inside the outbox's methods, waits for the mutex whose holder waits for it
      "deadlock/lock_channel_cycle, BLOCKED_ON_LOCK",
      // the transfers hold the account locks; the waiting balance requests never call transfer
      "deadlock/lock_order_inversion, NOT_VISIBLE",
      // a leaked request goroutine waits on a channel: no lock anywhere
      "goroutine_leak/request_timeout, NO_LOCK_WAIT",
      "resource_exhaustion/conn_pool_exhaustion, NO_LOCK_WAIT",
  })
  void theLockHolderIsWhatTheProgramDoes(String program, LockHolder expected) {
    for (String go : GO) {
      assertEquals(expected.ordinal(), dumpFeatures(go + "/" + program).get(SCHEMA, "dump_lock_holder"), go + "/" + program);
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      // requests wait in database/sql for one of 4 connections leaked on a Scan error
      "resource_exhaustion/sql_pool_exhaustion, 'database/sql.(*DB).conn('",
      // outbound calls wait for one of MaxConnsPerHost connections whose bodies were never closed
      "resource_exhaustion/http_conns_per_host, 'net/http.(*Transport).getConn('",
      // the application's own pool: main.(*Pool).Get
      "resource_exhaustion/conn_pool_exhaustion, 'main.(*Pool).Get('",
      // a leak and a lock convoy: no pool anywhere
      "goroutine_leak/request_timeout, 'no such frame'",
      "lock_contention/mutex_held_io, 'no such frame'",
  })
  void poolWaitsAreTheGoroutinesParkedInAnAcquire(String program, String acquireFrame) {
    for (String go : GO) {
      LabCapture capture = LabCaptures.named(go + "/" + program);
      String dump = new String(capture.read(capture.dump()), java.nio.charset.StandardCharsets.UTF_8);
      String[] goroutines = dump.split("\n\n");
      long total = java.util.Arrays.stream(goroutines).filter(g -> g.startsWith("goroutine ")).count();
      long waiting = java.util.Arrays.stream(goroutines).filter(g -> g.contains(acquireFrame)).count();
      assertEquals(waiting / (double) total, dumpFeatures(go + "/" + program).get(SCHEMA, "dump_share_pool_wait"), go + "/" + program);
      if (!acquireFrame.equals("no such frame")) assertTrue(waiting >= 4, go + "/" + program + ": " + waiting);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "'github.com/jackc/puddle/v2.(*Pool[...]).Acquire', true",
      "'github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire', true",
      "'main.(*ConnPool).Get', true",
      "'main.(*Semaphore).acquire', true",
      "'main.(*Cache).Get', false",
      "'main.(*Pool).Close', false",
      "'main.Get', false",
  })
  void anAcquireIsAKnownFunctionOrAnAcquireMethodOfAPool(String function, boolean acquire) {
    assertEquals(acquire, PoolWaits.isAcquire(function), function);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      // the finalizer waits for a lock a slow flush holds
      "gc_pressure/finalizer_backlog, 1",
      "gc_pressure/memlimit_spiral, 0",
      "deadlock/recursive_rlock, 0",
      "goroutine_leak/mass_leak, 0",
  })
  void aFinalizerParkedInsideTheFinalizerGoroutineIsSeen(String program, double expected) {
    for (String go : GO) {
      assertEquals(expected, dumpFeatures(go + "/" + program).get(SCHEMA, "dump_finalizer_blocked"), go + "/" + program);
    }
  }
}
