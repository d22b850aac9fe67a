package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The metrics before an incident as small inline SVG charts, one per series, drawn on the server: no script, no
 * style attribute (the CSP allows neither inline), numbers only in the geometry and escaped text in the labels.
 */
final class MetricChart {
  /** What an operator looks at first, in this order; other series are not drawn. */
  static final List<String> SERIES = List.of("go_goroutines", "go_memstats_heap_alloc_bytes",
      "process_resident_memory_bytes", "go_threads", "process_open_fds", "go_gc_duration_seconds_count");
  static final int WIDTH = 300;
  static final int HEIGHT = 80;
  private static final int PAD = 4;

  private MetricChart() {}

  /** Charts for the document's {@code history} ({"ts_ms": [...], "series": {...}}); empty when there is none. */
  static Html charts(JsonNode history, long incidentTsMs) {
    Html html = new Html();
    JsonNode times = history.path("ts_ms");
    JsonNode series = history.path("series");
    if (!times.isArray() || times.size() < 2 || !series.isObject()) {
      return html;
    }
    long first = times.get(0).asLong();
    long last = Math.max(incidentTsMs, times.get(times.size() - 1).asLong());
    for (String name : SERIES) {
      JsonNode values = series.get(name);
      if (values != null && values.isArray() && values.size() == times.size()) {
        html.append(chart(name, times, values, first, Math.max(last, first + 1)));
      }
    }
    return html;
  }

  private static Html chart(String name, JsonNode times, JsonNode values, long first, long last) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double latest = Double.NaN;
    for (JsonNode v : values) {
      if (v.isNumber()) {
        min = Math.min(min, v.asDouble());
        max = Math.max(max, v.asDouble());
        latest = v.asDouble();
      }
    }
    if (Double.isInfinite(min)) {
      return new Html();
    }
    double span = max > min ? max - min : 1;
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < times.size(); i++) {
      JsonNode v = values.get(i);
      if (!v.isNumber()) {
        continue;
      }
      double x = PAD + (WIDTH - 2.0 * PAD) * (times.get(i).asLong() - first) / (double) (last - first);
      double y = HEIGHT - PAD - (HEIGHT - 2.0 * PAD) * (v.asDouble() - min) / span;
      points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
    }
    double seconds = (last - first) / 1000.0;
    String window = seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
        : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    return new Html().raw("<figure class=\"chart\"><figcaption>").text(name).raw(" <span class=\"muted\">last ")
        .text(number(latest)).raw(", max ").text(number(max)).raw(", over ")
        .text(window).raw("</span></figcaption>")
        .raw("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"").attr("width", WIDTH).attr("height", HEIGHT)
        .attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT).attr("aria-label", name)
        .raw("><rect x=\"0\" y=\"0\"").attr("width", WIDTH).attr("height", HEIGHT)
        .raw(" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/><polyline fill=\"none\" stroke=\"#cf222e\" stroke-width=\"1.5\"")
        .attr("points", points.toString().trim()).raw("/></svg></figure>");
  }

  /** 12040, 1.5M, 3.2G: enough digits to compare, few enough to read. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    double a = Math.abs(v);
    if (a >= 1e9) {
      return String.format(Locale.ROOT, "%.1fG", v / 1e9);
    }
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    if (a == Math.rint(a)) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
