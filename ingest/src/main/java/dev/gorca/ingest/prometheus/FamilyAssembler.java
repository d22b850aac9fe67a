package dev.gorca.ingest.prometheus;

import dev.gorca.ingest.contract.Warnings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups HELP, TYPE and sample lines into {@link MetricFamily}s: a summary's {@code _sum}/{@code _count}
 * and a histogram's {@code _bucket}/{@code _sum}/{@code _count} join the family named by their TYPE line;
 * any other sample joins the family of its own name, created UNTYPED when no TYPE was declared. Drops, with
 * a warning, what the text format forbids: a repeated series, a quantile sample without {@code quantile},
 * a bucket without {@code le}, a repeated HELP or TYPE, a TYPE after the family's samples.
 */
final class FamilyAssembler {
  private final Map<String, Builder> families = new LinkedHashMap<>();
  private final Map<String, Integer> lineOfSeries = new HashMap<>();
  private final Warnings warnings;

  FamilyAssembler(Warnings warnings) {
    this.warnings = warnings;
  }

  int seriesCount() {
    return lineOfSeries.size();
  }

  void help(int line, String name, String help) {
    Builder family = family(name);
    if (family.help != null) {
      warnings.add(line, "expected one HELP line for " + name + ", found a second (first on line "
          + family.helpLine + "); kept the first");
      return;
    }
    family.help = help;
    family.helpLine = line;
  }

  void type(int line, String name, MetricType type) {
    Builder family = family(name);
    if (family.type != null) {
      warnings.add(line, "expected one TYPE line for " + name + ", found a second (first on line "
          + family.typeLine + "); kept the first");
    } else if (!family.samples.isEmpty()) {
      warnings.add(line, "expected the TYPE line for " + name + " before its samples, found it after line "
          + family.samples.get(0).line() + "; ignored it, the family stays untyped");
    } else {
      family.type = type;
      family.typeLine = line;
    }
  }

  void sample(Sample sample) {
    String key = sample.series().canonical();
    Integer firstLine = lineOfSeries.get(key);
    if (firstLine != null) {
      warnings.add(sample.line(), "expected each series once per scrape, found " + key
          + " again (first on line " + firstLine + "); kept the first");
      return;
    }
    Builder family = owner(sample.series().name());
    String problem = typeProblem(family, sample);
    if (problem != null) {
      warnings.add(sample.line(), problem + "; skipped the sample");
      return;
    }
    lineOfSeries.put(key, sample.line());
    family.samples.add(sample);
  }

  List<MetricFamily> build() {
    List<MetricFamily> built = new ArrayList<>(families.size());
    for (Builder family : families.values()) {
      built.add(new MetricFamily(family.name, family.type == null ? MetricType.UNTYPED : family.type,
          family.help == null ? "" : family.help, family.samples));
    }
    return built;
  }

  private Builder owner(String sampleName) {
    Builder declared = families.get(sampleName);
    if (declared != null) {
      return declared;
    }
    Builder base = suffixOwner(sampleName, "_bucket", MetricType.HISTOGRAM, null);
    if (base == null) {
      base = suffixOwner(sampleName, "_sum", MetricType.SUMMARY, MetricType.HISTOGRAM);
    }
    if (base == null) {
      base = suffixOwner(sampleName, "_count", MetricType.SUMMARY, MetricType.HISTOGRAM);
    }
    return base != null ? base : family(sampleName);
  }

  private Builder suffixOwner(String sampleName, String suffix, MetricType type, MetricType otherType) {
    if (!sampleName.endsWith(suffix)) {
      return null;
    }
    Builder base = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
    return base != null && base.type != null && (base.type == type || base.type == otherType) ? base : null;
  }

  private static String typeProblem(Builder family, Sample sample) {
    String sampleName = sample.series().name();
    if (family.type == MetricType.SUMMARY && sampleName.equals(family.name)
        && !sample.series().labels().containsKey("quantile")) {
      return "expected a quantile label on " + sampleName + " (a summary), found " + sample.series();
    }
    if (family.type == MetricType.HISTOGRAM) {
      if (sampleName.equals(family.name)) {
        return "expected " + sampleName + "_bucket, _sum or _count in histogram " + family.name + ", found "
            + sample.series();
      }
      if (sampleName.endsWith("_bucket") && !sample.series().labels().containsKey("le")) {
        return "expected an le label on " + sampleName + " (a histogram bucket), found " + sample.series();
      }
    }
    return null;
  }

  private Builder family(String name) {
    return families.computeIfAbsent(name, Builder::new);
  }

  private static final class Builder {
    final String name;
    MetricType type;
    int typeLine;
    String help;
    int helpLine;
    final List<Sample> samples = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }
  }
}
