package dev.gorca.serving.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScrapeTargetTest {
  @Test
  void the_instance_defaults_to_host_and_port_of_the_url() {
    ScrapeTarget target = ScrapeTarget.of("http://10.0.3.7:6060", "checkout", null);
    assertEquals("10.0.3.7:6060", target.instance());
    assertEquals("http://10.0.3.7:6060/metrics", target.metricsUrl().toString());
    assertEquals("http://10.0.3.7:6060/debug/pprof/goroutine?debug=2", target.dumpUrl().toString());
  }

  @Test
  void a_path_prefix_is_kept_for_both_endpoints() {
    ScrapeTarget target = ScrapeTarget.of("https://checkout.internal/admin", "checkout", "checkout-7d9f-x2k4p");
    assertEquals("checkout-7d9f-x2k4p", target.instance());
    assertEquals("https://checkout.internal/admin/metrics", target.metricsUrl().toString());
    assertEquals("https://checkout.internal/admin/debug/pprof/goroutine?debug=2", target.dumpUrl().toString());
  }

  @Test
  void something_that_is_not_an_http_url_is_refused_with_an_example() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScrapeTarget.of("localhost:6060", "checkout", null));
    assertEquals("expected an http:// or https:// URL of a Go service's admin port, e.g. http://127.0.0.1:6060, "
        + "found \"localhost:6060\"", e.getMessage());
  }

  @Test
  void a_service_name_the_envelopes_would_refuse_is_refused_at_once() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScrapeTarget.of("http://127.0.0.1:6060", " ", null));
    assertEquals("service: expected a non-blank string such as \"checkout\", found \" \"; set service", e.getMessage());
  }
}
