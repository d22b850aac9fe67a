package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.CrashEnvelope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a crash file: a complete crash becomes a crash envelope, and the file's offset moves past it only
 * once Kafka acknowledged it. A failed send leaves the offset where it was, so the crash is sent again at the
 * next poll or after a restart; an envelope refused as too large is skipped, as sending it again cannot help.
 */
final class CrashFilePublisher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CrashFilePublisher.class);
  /** Longer than the producer's own delivery timeout would be pointless; shorter lets a stop interrupt sooner. */
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(130);

  private final CrashFileWatcher watcher;
  private final ScrapeTarget owner;
  private final EnvelopeSink sink;
  private final String topic;
  private final Clock clock;
  private final StateChangeLog health;

  CrashFilePublisher(CrashFileWatcher watcher, ScrapeTarget owner, EnvelopeSink sink, String topic, Clock clock) {
    this.watcher = watcher;
    this.owner = owner;
    this.sink = sink;
    this.topic = topic;
    this.clock = clock;
    this.health = new StateChangeLog(LOG, "crash file " + watcher.file());
  }

  Path file() {
    return watcher.file();
  }

  @Override
  public void run() {
    Optional<CrashOutput> crash = watcher.poll(clock.millis());
    crash.ifPresent(this::publish);
  }

  private void publish(CrashOutput crash) {
    CrashEnvelope envelope = CrashEnvelope.of(owner.service(), owner.instance(), crash.writtenAtMs(), crash.text());
    try {
      sink.send(topic, envelope).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      watcher.handled(crash);
      health.succeeded();
      LOG.info("published a {} crash of {} from {} (bytes {}..{}) to {}", crash.kind().id(),
          TargetScraper.describe(owner), crash.file(), crash.startOffset(), crash.endOffset(), topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof EnvelopeRefusedException refused) {
        LOG.warn("skipped the {} crash in {} (bytes {}..{}): {}", crash.kind().id(), crash.file(),
            crash.startOffset(), crash.endOffset(), refused.getMessage());
        watcher.handled(crash);
        return;
      }
      failed(crash, e.getCause());
    } catch (TimeoutException e) {
      failed(crash, e);
    } catch (InterruptedException e) {
      // Stopping: the offset stays, so the next start sends this crash.
      Thread.currentThread().interrupt();
      watcher.retry();
    }
  }

  private void failed(CrashOutput crash, Throwable cause) {
    health.failed("not published", "could not publish the " + crash.kind().id() + " crash (bytes "
        + crash.startOffset() + ".." + crash.endOffset() + "): " + cause + "; it is kept and sent again");
    watcher.retry();
  }
}
