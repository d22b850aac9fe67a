package dev.gorca.serving.bench;

import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * Healthy samples stamped with the wall clock on every metrics partition, every {@link #TICK}: the steady
 * background of a fleet's scrapes, and what moves every decoding subtask's watermark in wall-clock event time.
 */
final class EventClock implements AutoCloseable {
  static final Duration TICK = Duration.ofMillis(200);

  private final Thread thread;
  private volatile boolean running = true;

  EventClock(Instances instances, Producer<byte[], byte[]> producer) {
    thread = new Thread(() -> {
      while (running) {
        for (Outgoing tick : instances.clock(System.currentTimeMillis())) producer.send(tick.record());
        try {
          Thread.sleep(TICK.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "gorca-bench-event-clock");
    thread.setDaemon(true);
  }

  EventClock start() {
    thread.start();
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(2_000);
  }
}
