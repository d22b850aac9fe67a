package dev.gorca.ingest.gotrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups goroutines into {@link Bucket}s. */
public final class Buckets {
  private Buckets() {}

  /** Buckets largest first; ties keep the order the first goroutine of each was printed in. */
  public static List<Bucket> of(List<Goroutine> goroutines) {
    Map<Key, Accumulator> byKey = new LinkedHashMap<>();
    for (Goroutine goroutine : goroutines) {
      byKey.computeIfAbsent(Key.of(goroutine), k -> new Accumulator(goroutine)).add(goroutine);
    }
    List<Bucket> buckets = new ArrayList<>(byKey.size());
    for (Accumulator accumulator : byKey.values()) buckets.add(accumulator.toBucket());
    buckets.sort(Comparator.comparingInt(Bucket::count).reversed());
    return buckets;
  }

  /** Stack identity without argument values, pointers or pc offsets, which differ per goroutine. */
  private record Key(
      String state, List<FrameKey> frames, String creator, String creatorFile, int creatorLine) {
    static Key of(Goroutine goroutine) {
      List<FrameKey> frames = new ArrayList<>(goroutine.frames().size());
      for (Frame frame : goroutine.frames()) {
        frames.add(new FrameKey(frame.function(), frame.file(), frame.line()));
      }
      CreatedBy createdBy = goroutine.createdBy();
      return createdBy == null
          ? new Key(goroutine.state(), frames, "", "", 0)
          : new Key(goroutine.state(), frames, createdBy.function(), createdBy.file(), createdBy.line());
    }
  }

  private record FrameKey(String function, String file, int line) {}

  private static final class Accumulator {
    private final Goroutine first;
    private final List<Long> ids = new ArrayList<>();
    private int count;
    private int minWait = Integer.MAX_VALUE;
    private int maxWait;
    private int locked;

    Accumulator(Goroutine first) {
      this.first = first;
    }

    void add(Goroutine goroutine) {
      count++;
      minWait = Math.min(minWait, goroutine.waitMinutes());
      maxWait = Math.max(maxWait, goroutine.waitMinutes());
      if (goroutine.lockedToThread()) locked++;
      if (ids.size() < Bucket.MAX_IDS_KEPT) ids.add(goroutine.id());
    }

    Bucket toBucket() {
      return new Bucket(
          first.state(),
          count,
          minWait,
          maxWait,
          locked,
          first.frames(),
          first.createdBy(),
          first.topApplicationFrame(),
          ids);
    }
  }
}
