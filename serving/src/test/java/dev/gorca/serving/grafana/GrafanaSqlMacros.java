package dev.gorca.serving.grafana;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grafana's expansion of a PostgreSQL panel's SQL, step for step as its backend does it, so the dashboards' queries
 * can run on a real PostgreSQL in tests: first the plain replacements of pkg/tsdb/sqleng ({@code $__interval_ms},
 * {@code $__interval}, {@code $__unixEpochFrom()}, {@code $__unixEpochTo()}), then the macro engine of
 * pkg/tsdb/grafana-postgresql-datasource/macros.go with its regex {@code \$(\w+)\(([^\)]*)\)}. That regex ends a
 * macro's arguments at the first ')': {@code $__timeFilter(to_timestamp(ts_ms/1000.0))} expands to broken SQL, here as
 * in Grafana.
 */
final class GrafanaSqlMacros {
  static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  private GrafanaSqlMacros() {}

  static String expand(String sql, Instant from, Instant to, Duration interval) {
    String s = sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
        .replace("$__interval", formatInterval(interval))
        .replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()))
        .replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
    Matcher m = MACRO.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      // Grafana: "$__timeGroup(...)," is the pre-5.3 spelling of $__timeGroupAlias.
      if (name.equals("__timeGroup") && m.end() < s.length() && s.charAt(m.end()) == ',') {
        name = "__timeGroupAlias";
      }
      String[] args = Arrays.stream(m.group(2).split(",", -1)).map(String::strip).toArray(String[]::new);
      m.appendReplacement(out, Matcher.quoteReplacement(evaluate(name, args, from, to)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String evaluate(String name, String[] args, Instant from, Instant to) {
    return switch (name) {
      case "__time" -> column(name, args) + " AS \"time\"";
      case "__timeEpoch" -> "extract(epoch from " + column(name, args) + ") as \"time\"";
      case "__timeFilter" -> column(name, args) + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
      case "__timeFrom" -> "'" + rfc3339(from) + "'";
      case "__timeTo" -> "'" + rfc3339(to) + "'";
      case "__timeGroup" -> {
        String seconds = seconds(name, args);
        yield "floor(extract(epoch from " + args[0] + ")/" + seconds + ")*" + seconds;
      }
      case "__timeGroupAlias" -> evaluate("__timeGroup", args, from, to) + " AS \"time\"";
      case "__unixEpochFilter" -> column(name, args) + " >= " + from.getEpochSecond() + " AND " + args[0] + " <= "
          + to.getEpochSecond();
      case "__unixEpochGroup" -> {
        String seconds = seconds(name, args);
        yield "floor((" + args[0] + ")/" + seconds + ")*" + seconds;
      }
      case "__unixEpochGroupAlias" -> evaluate("__unixEpochGroup", args, from, to) + " AS \"time\"";
      default -> throw new IllegalArgumentException("unknown macro \"" + name + "\" (Grafana answers the same)");
    };
  }

  private static String column(String name, String[] args) {
    if (args.length == 0 || args[0].isEmpty()) {
      throw new IllegalArgumentException("missing time column argument for macro " + name);
    }
    return args[0];
  }

  /** The interval argument in seconds, printed as Go's %v prints a float64 (3600, 0.5). */
  private static String seconds(String name, String[] args) {
    if (args.length < 2) {
      throw new IllegalArgumentException("macro " + name + " needs time column and interval and optional fill value");
    }
    Matcher m = INTERVAL.matcher(args[1].replace("'", ""));
    if (!m.matches()) {
      throw new IllegalArgumentException("error parsing interval " + args[1]);
    }
    long amount = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofDays(7 * amount);
    };
    return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
  }

  /** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros, "Z". */
  private static String rfc3339(Instant t) {
    String nanos = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
    return RFC3339.format(t) + nanos + "Z";
  }

  /** Grafana's gtime.FormatInterval for whole units. */
  private static String formatInterval(Duration interval) {
    long ms = interval.toMillis();
    if (ms % 86_400_000 == 0) return ms / 86_400_000 + "d";
    if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
    if (ms % 60_000 == 0) return ms / 60_000 + "m";
    if (ms % 1000 == 0) return ms / 1000 + "s";
    return ms + "ms";
  }
}
