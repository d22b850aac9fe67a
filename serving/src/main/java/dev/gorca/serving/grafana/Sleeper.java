package dev.gorca.serving.grafana;

import java.time.Duration;

/** Waits between attempts; a seam so tests can record the backoff instead of sleeping through it. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
