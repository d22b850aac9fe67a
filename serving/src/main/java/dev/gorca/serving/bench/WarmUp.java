package dev.gorca.serving.bench;

import dev.gorca.serving.demo.LabReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * One incident through a freshly started job before anything is measured: the tasks are deployed, the model is
 * loaded, the sources read and a checkpoint has committed. It happens in the past of event time (its own clock
 * sample makes it due), so it does not hold up the measured traffic's watermark.
 */
final class WarmUp {
  static final Duration TIMEOUT = Duration.ofSeconds(180);

  private WarmUp() {}

  /** Sends one lab incident crashing at {@code crashTsMs} and waits until it is visible; returns how long that took. */
  static Duration run(RunningJob job, Instances instances, Producer<byte[], byte[]> producer, LabReplay replay,
      long crashTsMs) throws InterruptedException {
    long startedAt = System.nanoTime();
    Instances.Death death = instances.death("warmup", 0, replay, crashTsMs, 0, Burst.SCRAPE_MS);
    List<Outgoing> records = new ArrayList<>(death.records());
    records.addAll(instances.clock(crashTsMs + Burst.CLOCK_AFTER_LAST_CRASH_MS));
    for (Outgoing record : records) producer.send(record.record());
    producer.flush();
    if (!job.incidents.await(a -> job.incidents.seen(death.incidentId()), TIMEOUT)) {
      throw new IllegalStateException("the warm-up incident (lab case " + replay.caseId() + ") did not come out of the"
          + " job within " + TIMEOUT.toSeconds() + " s; is the machine overloaded? (see the log above)");
    }
    return Duration.ofNanos(System.nanoTime() - startedAt);
  }
}
