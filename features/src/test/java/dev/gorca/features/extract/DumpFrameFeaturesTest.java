package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The frame-level dump features on small hand-written dumps whose answers are known. */
class DumpFrameFeaturesTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.current();

  private static FeatureVector features(String dump) {
    return IncidentFeatures.extract(new IncidentEvidence(0, null, new GoTraceParser().parse(dump), List.of()), SCHEMA);
  }

  private static String reader(long id) {
    return "goroutine " + id + " [sync.RWMutex.RLock]:\n"
        + "sync.runtime_SemacquireRWMutexR(0x0?, 0x0?, 0x0?)\n\t/usr/lib/go-1.21/src/runtime/sema.go:82 +0x25\n"
        + "sync.(*RWMutex).RLock(...)\n\t/usr/lib/go-1.21/src/sync/rwmutex.go:71\n"
        + "main.(*Store).Lookup(0xc0000a4d50)\n\t/app/main.go:24 +0x57\n"
        + "created by main.main in goroutine 1\n\t/app/main.go:50 +0x1c5\n\n";
  }

  private static String mutexWaiter(long id, String creator) {
    return "goroutine " + id + " [semacquire]:\n"
        + "sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x1?)\n\t/usr/lib/go-1.19/src/runtime/sema.go:77 +0x25\n"
        + "sync.(*Mutex).lockSlow(0xc000010000)\n\t/usr/lib/go-1.19/src/sync/mutex.go:171 +0x165\n"
        + "sync.(*Mutex).Lock(...)\n\t/usr/lib/go-1.19/src/sync/mutex.go:90\n"
        + "main.(*Stats).Record(0xc000010000)\n\t/app/stats.go:30 +0x57\n"
        + "created by " + creator + "\n\t/app/main.go:40 +0x1c5\n\n";
  }

  @Test
  void readersQueuedBehindAWriterAreCountedByPrimitive() {
    String dump = reader(10) + reader(11) + reader(12)
        + "goroutine 3 [sync.RWMutex.Lock]:\n"
        + "sync.runtime_SemacquireRWMutex(0x0?, 0x0?, 0x0?)\n\t/usr/lib/go-1.21/src/runtime/sema.go:87 +0x25\n"
        + "sync.(*RWMutex).Lock(0x0?)\n\t/usr/lib/go-1.21/src/sync/rwmutex.go:152 +0x6a\n"
        + "main.(*Store).Reload(0xc0000a4d50)\n\t/app/main.go:40 +0x2f\n"
        + "created by main.main in goroutine 1\n\t/app/main.go:51 +0x1c5\n";
    FeatureVector v = features(dump);
    assertEquals(0.75, v.get(SCHEMA, "dump_share_rwmutex_rlock"));
    assertEquals(0.25, v.get(SCHEMA, "dump_share_rwmutex_lock"));
    assertEquals(2.0, v.get(SCHEMA, "dump_blocked_functions"), "Lookup and Reload");
    assertEquals(1.0, v.get(SCHEMA, "dump_blocked_creators"));
    assertEquals(0.0, v.get(SCHEMA, "dump_blocked_function_active"), "nothing runs: a deadlock");
    assertEquals(0.75, v.get(SCHEMA, "dump_largest_bucket_creator_share"), "3 of the 4 main.main made are readers");
  }

  @Test
  void aRunningGoroutineInTheFunctionTheWaitersBlockInIsAHolderAtWork() {
    String dump = mutexWaiter(20, "net/http.(*Server).Serve in goroutine 1")
        + mutexWaiter(21, "net/http.(*Server).Serve in goroutine 1")
        + "goroutine 22 [runnable]:\n"
        + "sort.Float64s(...)\n\t/usr/lib/go-1.19/src/sort/sort.go:100\n"
        + "main.(*Stats).Record(0xc000010000)\n\t/app/stats.go:33 +0x99\n"
        + "created by net/http.(*Server).Serve in goroutine 1\n\t/usr/lib/go-1.19/src/net/http/server.go:3102 +0x4db\n";
    FeatureVector v = features(dump);
    assertEquals(0.0, v.get(SCHEMA, "dump_share_rwmutex_rlock"));
    assertEquals(1.0, v.get(SCHEMA, "dump_blocked_functions"));
    assertEquals(1.0, v.get(SCHEMA, "dump_blocked_creators"));
    assertEquals(1.0, v.get(SCHEMA, "dump_blocked_function_active"));
    assertEquals(2.0 / 3.0, v.get(SCHEMA, "dump_largest_bucket_creator_share"), 1e-12);
  }

  @Test
  void nothingBlockedGivesZerosNotMissing() {
    FeatureVector v = features("goroutine 1 [running]:\nmain.main()\n\t/app/main.go:10 +0x1\n");
    assertEquals(0.0, v.get(SCHEMA, "dump_blocked_functions"));
    assertEquals(0.0, v.get(SCHEMA, "dump_blocked_creators"));
    assertEquals(0.0, v.get(SCHEMA, "dump_blocked_function_active"));
    assertEquals(0.0, v.get(SCHEMA, "dump_largest_bucket_creator_share"));
  }
}
