package dev.gorca.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pieces of the HTTP service that need no server: escaping, settings, redirects, chart numbers. */
class HttpUnitsTest {
  @Test
  void html_text_and_attributes_escape_markup_quotes_and_control_characters() {
    String html = new Html().raw("<p").attr("title", "\"x\" onmouseover='y'").raw(">")
        .text("<script>alert(1)</script> & \u0007").raw("</p>").toString();
    assertEquals("<p title=\"&quot;x&quot; onmouseover=&#39;y&#39;\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; \uFFFD</p>",
        html);
  }

  @Test
  void settings_refuse_short_secrets_and_never_print_them() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.local(0, Map.of("alice", "short")));
    assertEquals("expected the secret of operator alice to be at least 16 characters without blanks or control"
        + " characters, found 5 characters", e.getMessage());
    HttpSettings settings = HttpSettings.local(8080, Map.of("alice", "alice-secret-0123456789"))
        .withViewerToken("viewer-token-0123456789");
    assertFalse(settings.toString().contains("0123456789"), settings.toString());
    assertEquals("HttpSettings[127.0.0.1:8080, viewing by token, operators [alice], maxRequestBytes 20971520]",
        settings.toString());
  }

  @Test
  void settings_refuse_a_viewer_token_that_is_also_an_operator_secret() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpSettings.local(0, Map.of("alice", "alice-secret-0123456789")).withViewerToken("alice-secret-0123456789"));
    assertEquals("the viewer token equals an operator's secret; give viewers their own", e.getMessage());
  }

  @Test
  void a_random_secret_is_a_valid_operator_secret_and_differs_each_time() {
    String secret = HttpSettings.randomSecret();
    assertEquals(43, secret.length());
    assertFalse(secret.equals(HttpSettings.randomSecret()));
    assertEquals(Map.of("demo", secret), HttpSettings.local(0, Map.of("demo", secret)).operators());
  }

  @Test
  void after_login_only_paths_on_this_server_are_followed() {
    assertEquals("/incidents/inc-1", Pages.safeNext("/incidents/inc-1"));
    assertEquals("/incidents", Pages.safeNext("//evil.example/phish"));
    assertEquals("/incidents", Pages.safeNext("https://evil.example/"));
    assertEquals("/incidents", Pages.safeNext("/\\evil.example"));
    assertEquals("/incidents", Pages.safeNext(null));
  }

  @Test
  void chart_numbers_are_short() {
    assertEquals("512", MetricChart.number(512));
    assertEquals("12.0k", MetricChart.number(12040));
    assertEquals("1.5M", MetricChart.number(1.5e6));
    assertEquals("9.2G", MetricChart.number(9.2e9));
    assertEquals("0.000206", MetricChart.number(2.06008e-4));
    assertEquals("-", MetricChart.number(Double.NaN));
  }

  @Test
  void a_chart_is_drawn_only_for_series_with_a_value_per_sample() {
    ObjectNode history = IncidentViews.JSON.createObjectNode();
    history.putArray("ts_ms").add(1000).add(61_000);
    history.putObject("series").putArray("go_goroutines").add(10).add(5000);
    ((ObjectNode) history.get("series")).putArray("go_threads").add(4);
    String svg = MetricChart.charts(history, 61_000).toString();
    assertTrue(svg.contains("aria-label=\"go_goroutines\""), svg);
    assertTrue(svg.contains("points=\"4.0,76.0 296.0,4.0\""), svg);
    assertFalse(svg.contains("go_threads"), svg);
    assertTrue(svg.contains("last 5000, max 5000, over 60 s"), svg);
  }
}
