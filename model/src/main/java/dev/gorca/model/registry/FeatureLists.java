package dev.gorca.model.registry;

import java.util.List;

/** Says where two feature lists part, for messages. */
final class FeatureLists {
  private FeatureLists() {}

  static String firstDifference(List<String> a, List<String> b, String aName, String bName) {
    int common = Math.min(a.size(), b.size());
    for (int i = 0; i < common; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return "column " + i + " is \"" + a.get(i) + "\" in the " + aName + ", \"" + b.get(i) + "\" in the " + bName
            + " (" + a.size() + " vs " + b.size() + " features)";
      }
    }
    return a.size() > b.size()
        ? "the " + aName + " has " + a.size() + " features, the " + bName + " " + b.size() + "; the first extra is \"" + a.get(common) + "\""
        : "the " + bName + " has " + b.size() + " features, the " + aName + " " + a.size() + "; the first extra is \"" + b.get(common) + "\"";
  }
}
