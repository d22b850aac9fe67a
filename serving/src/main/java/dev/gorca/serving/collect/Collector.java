package dev.gorca.serving.collect;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the collection: every target's metrics and dump scrapes and every crash file's polls on their intervals,
 * each with a fixed delay so a slow scrape never overlaps itself. Owns the sink and closes it last, so what was
 * scraped before a stop is flushed to Kafka.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
  /** Threads for all tasks: scrapes wait on the network, so a few cover many targets. */
  static final int MAX_THREADS = 4;
  /** A running scrape gets this long to finish (the default HTTP timeout); then it is interrupted. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final ScheduledExecutorService scheduler;
  private final HttpFetcher fetcher;
  private final EnvelopeSink sink;
  private boolean closed;

  private Collector(ScheduledExecutorService scheduler, HttpFetcher fetcher, EnvelopeSink sink) {
    this.scheduler = scheduler;
    this.fetcher = fetcher;
    this.sink = sink;
  }

  /** Starts every task; the first scrapes and polls run at once. */
  public static Collector start(CollectorSettings settings, EnvelopeSink sink, Clock clock) {
    // Offsets and crash files first: a damaged offsets file stops the start before any thread runs.
    CrashOffsets offsets = CrashOffsets.load(settings.offsetsFile());
    List<CrashFilePublisher> publishers = new ArrayList<>();
    for (CrashFile crashFile : settings.crashFiles()) {
      CrashFileWatcher watcher = new CrashFileWatcher(crashFile.path(), offsets, settings.quietPeriod(),
          settings.maxCrashBytes());
      publishers.add(new CrashFilePublisher(watcher, crashFile.owner(), sink, settings.topics().crashes(), clock));
    }
    int tasks = settings.targets().size() * 2 + publishers.size();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, tasks), threads());
    HttpFetcher fetcher = new HttpFetcher(settings.timeout());
    for (CrashFilePublisher publisher : publishers) {
      every(scheduler, settings.crashPollInterval(), "polling " + publisher.file(), publisher);
    }
    for (ScrapeTarget target : settings.targets()) {
      TargetScraper scraper = new TargetScraper(target, fetcher, sink, settings.topics(), settings.limits(), clock);
      String name = TargetScraper.describe(target);
      every(scheduler, settings.interval(), "scraping the metrics of " + name, scraper::scrapeMetrics);
      every(scheduler, settings.dumpInterval(), "scraping the goroutine dump of " + name, scraper::scrapeDump);
    }
    LOG.info("collecting from {} target(s) every {} (dumps every {}), watching {} crash file(s)",
        settings.targets().size(), settings.interval(), settings.dumpInterval(), settings.crashFiles().size());
    return new Collector(scheduler, fetcher, sink);
  }

  private static void every(ScheduledExecutorService scheduler, Duration period, String what, Runnable task) {
    StateChangeLog errors = new StateChangeLog(LOG, what);
    Runnable guarded = () -> {
      try {
        task.run();
        errors.succeeded();
      } catch (RuntimeException e) {
        // A scheduled task that throws is never run again: nothing may escape, the next run tries afresh.
        errors.failed(e.getClass().getName(), "failed: " + e);
      }
    };
    scheduler.scheduleWithFixedDelay(guarded, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "gorca-collect-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops scraping, lets running tasks finish (bounded), then flushes and closes the sink. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    fetcher.close();
    sink.close();
    LOG.info("stopped; pending envelopes flushed");
  }
}
