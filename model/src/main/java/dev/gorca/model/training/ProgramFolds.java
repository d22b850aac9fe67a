package dev.gorca.model.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Leave-program-out folds: fold f holds out the f-th program (in name order) of every root cause,
 * so each program is held out exactly once and every fold tests every cause on code it never saw.
 * A cause with fewer programs than folds repeats its programs from the first (held out again, by a
 * model trained without it — each held-out prediction still comes from a model that never saw it).
 */
public record ProgramFolds(List<Set<String>> heldOut) {
  public ProgramFolds {
    heldOut = heldOut.stream().map(s -> (Set<String>) Set.copyOf(s)).toList();
  }

  /** @param programs {@code cause/program} ids */
  public static ProgramFolds of(Iterable<String> programs) {
    Map<String, List<String>> byCause = new TreeMap<>();
    for (String program : new TreeSet<>(toList(programs))) {
      byCause.computeIfAbsent(program.substring(0, program.indexOf('/')), c -> new ArrayList<>()).add(program);
    }
    int folds = byCause.values().stream().mapToInt(List::size).max().orElse(0);
    List<Set<String>> heldOut = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      Set<String> fold = new TreeSet<>();
      for (List<String> list : byCause.values()) {
        if (f < list.size()) fold.add(list.get(f));
      }
      heldOut.add(fold);
    }
    return new ProgramFolds(heldOut);
  }

  /** One program per cause, picked by {@code seed}: the validation programs of a full training run. */
  public static Set<String> onePerCause(Iterable<String> programs, long seed) {
    Map<String, List<String>> byCause = new TreeMap<>();
    for (String program : new TreeSet<>(toList(programs))) {
      byCause.computeIfAbsent(program.substring(0, program.indexOf('/')), c -> new ArrayList<>()).add(program);
    }
    java.util.Random random = new java.util.Random(seed);
    Set<String> picked = new TreeSet<>();
    for (List<String> list : byCause.values()) {
      if (list.size() >= 2) picked.add(list.get(random.nextInt(list.size())));
    }
    return picked;
  }

  public int size() {
    return heldOut.size();
  }

  private static List<String> toList(Iterable<String> items) {
    List<String> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }
}
