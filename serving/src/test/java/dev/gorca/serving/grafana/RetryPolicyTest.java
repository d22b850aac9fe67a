package dev.gorca.serving.grafana;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void the_wait_doubles_after_each_failed_attempt_up_to_the_cap() {
    RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(3));
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
            Duration.ofSeconds(3)),
        IntStream.rangeClosed(1, 5).mapToObj(policy::delayAfter).toList());
  }

  @Test
  void at_least_one_attempt_is_required() {
    assertEquals("expected maxAttempts >= 1, found 0", assertThrows(IllegalArgumentException.class,
        () -> RetryPolicy.DEFAULT.withMaxAttempts(0)).getMessage());
  }
}
