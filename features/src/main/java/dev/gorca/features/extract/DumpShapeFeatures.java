package dev.gorca.features.extract;

import dev.gorca.features.schema.FeatureDefinition;
import dev.gorca.features.schema.FeatureGroup;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.GoroutineCategory;
import dev.gorca.ingest.gotrace.Bucket;
import dev.gorca.ingest.gotrace.Buckets;
import dev.gorca.ingest.gotrace.Frame;
import dev.gorca.ingest.gotrace.Goroutine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The DUMP features: the shape of a goroutine dump (docs/features.md). Computed once when the dump
 * arrives — a 50,000-goroutine dump is reduced to a few dozen numbers and its top buckets, which is
 * all the incident assembler keeps.
 */
public final class DumpShapeFeatures {
  /** 0: no goroutines to describe; 1: a goroutine dump; 2: the crash's own traceback. */
  public static final int SOURCE_NONE = 0;
  public static final int SOURCE_DUMP = 1;
  public static final int SOURCE_CRASH_TRACEBACK = 2;

  /** The DUMP group's names in schema order; {@link #extract} returns values in this order. */
  public static final List<String> NAMES = FeatureSchema.current().definitions().stream()
      .filter(d -> d.group() == FeatureGroup.DUMP).map(FeatureDefinition::name).toList();

  private DumpShapeFeatures() {}

  /** Values in {@link #NAMES} order; all NaN but the source when there are no goroutines. */
  public static double[] extract(List<Goroutine> goroutines, int source) {
    GroupValues v = new GroupValues(NAMES);
    if (goroutines.isEmpty()) {
      v.set("dump_source", SOURCE_NONE);
      return v.values();
    }
    int n = goroutines.size();
    int[] byCategory = new int[GoroutineCategory.values().length];
    int maxWait = 0;
    int waiting1 = 0;
    int waiting10 = 0;
    int locked = 0;
    Map<String, Integer> byCreator = new HashMap<>();
    List<Goroutine> application = new ArrayList<>(n);
    for (Goroutine g : goroutines) {
      GoroutineCategory category = GoroutineCategory.of(g);
      byCategory[category.ordinal()]++;
      if (category != GoroutineCategory.RUNTIME) application.add(g);
      maxWait = Math.max(maxWait, g.waitMinutes());
      if (g.waitMinutes() >= 1) waiting1++;
      if (g.waitMinutes() >= 10) waiting10++;
      if (g.lockedToThread()) locked++;
      if (g.createdBy() != null) byCreator.merge(g.createdBy().function(), 1, Integer::sum);
    }
    v.set("dump_source", source);
    v.set("dump_goroutines", n);
    for (GoroutineCategory category : GoroutineCategory.values()) {
      v.set("dump_share_" + category.id(), byCategory[category.ordinal()] / (double) n);
    }
    v.set("dump_max_wait_minutes", maxWait);
    v.set("dump_share_waiting_1m", waiting1 / (double) n);
    v.set("dump_share_waiting_10m", waiting10 / (double) n);
    List<Bucket> buckets = Buckets.of(application);
    v.set("dump_buckets", buckets.size());
    if (buckets.isEmpty()) {
      v.set("dump_largest_bucket_goroutines", 0);
      v.set("dump_largest_bucket_share", 0);
    } else {
      Bucket largest = buckets.get(0);
      v.set("dump_largest_bucket_goroutines", largest.count());
      v.set("dump_largest_bucket_share", largest.count() / (double) n);
      v.set("dump_largest_bucket_category", GoroutineCategory.of(largest.state(), largest.frames()).ordinal());
    }
    v.set("dump_locked_to_thread", locked);
    int sameCreator = byCreator.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    v.set("dump_same_creator_share", sameCreator / (double) n);
    frameFeatures(application, buckets, byCreator, n, v);
    v.set("dump_lock_holder", LockHolder.of(application, buckets).ordinal());
    v.set("dump_finalizer_blocked", FinalizerState.blocked(goroutines));
    v.set("dump_share_pool_wait", PoolWaits.count(application) / (double) n);
    return v.values();
  }

  /** Blocked on a channel, a select, a lock, a WaitGroup or a Cond: parked waiting for another goroutine. */
  static boolean isBlocked(GoroutineCategory category) {
    return switch (category) {
      case CHAN_RECEIVE, CHAN_SEND, SELECT, LOCK, WAITGROUP, COND_WAIT -> true;
      default -> false;
    };
  }

  /** The innermost sync frame of a goroutine blocked in package sync, or null. */
  static String innermostSyncFunction(List<Frame> frames) {
    for (Frame frame : frames) {
      String function = frame.function();
      if (function.startsWith("sync.(*")) return function;
      if (!function.startsWith("runtime.") && !function.startsWith("sync.") && !function.startsWith("internal/sync.")) return null;
    }
    return null;
  }

  /** The frame-level DUMP features (docs/features.md): which primitive, which function, which creator. */
  private static void frameFeatures(List<Goroutine> application, List<Bucket> buckets,
      Map<String, Integer> byCreator, int n, GroupValues v) {
    int readLock = 0;
    int writeLock = 0;
    Set<String> blockedFunctions = new HashSet<>();
    Set<String> blockedCreators = new HashSet<>();
    Set<String> activeFunctions = new HashSet<>();
    for (Goroutine g : application) {
      GoroutineCategory category = GoroutineCategory.of(g);
      if (isBlocked(category)) {
        String sync = category == GoroutineCategory.LOCK ? innermostSyncFunction(g.frames()) : null;
        if (sync != null && sync.startsWith("sync.(*RWMutex).RLock")) readLock++;
        if (sync != null && sync.startsWith("sync.(*RWMutex).Lock")) writeLock++;
        Frame top = g.topApplicationFrame();
        if (top != null) blockedFunctions.add(top.function());
        if (g.createdBy() != null) blockedCreators.add(g.createdBy().function());
      } else {
        for (Frame frame : g.frames()) if (!frame.isStandardLibrary()) activeFunctions.add(frame.function());
      }
    }
    v.set("dump_share_rwmutex_rlock", readLock / (double) n);
    v.set("dump_share_rwmutex_lock", writeLock / (double) n);
    v.set("dump_blocked_functions", blockedFunctions.size());
    v.set("dump_blocked_creators", blockedCreators.size());
    Bucket largestBlocked = buckets.stream()
        .filter(b -> isBlocked(GoroutineCategory.of(b.state(), b.frames()))).findFirst().orElse(null);
    if (largestBlocked == null) {
      v.set("dump_blocked_function_active", 0);
      v.set("dump_largest_bucket_creator_share", 0);
      return;
    }
    Frame top = largestBlocked.topApplicationFrame();
    v.set("dump_blocked_function_active", top != null && activeFunctions.contains(top.function()) ? 1 : 0);
    int created = largestBlocked.createdBy() == null ? 0
        : byCreator.getOrDefault(largestBlocked.createdBy().function(), 0);
    v.set("dump_largest_bucket_creator_share", created == 0 ? 0 : largestBlocked.count() / (double) created);
  }

  /** The largest application buckets, at most {@code limit}: what the suspect is chosen from. */
  public static List<BucketSummary> topBuckets(List<Goroutine> goroutines, int limit) {
    List<Goroutine> application = goroutines.stream()
        .filter(g -> GoroutineCategory.of(g) != GoroutineCategory.RUNTIME).toList();
    return Buckets.of(application).stream().limit(limit).map(BucketSummary::of).toList();
  }

  /** Copies values in {@link #NAMES} order into a vector builder. */
  public static void apply(double[] values, FeatureSchema.Builder features) {
    GroupValues.apply(NAMES, values, features);
  }
}
