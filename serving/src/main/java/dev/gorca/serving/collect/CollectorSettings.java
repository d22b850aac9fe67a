package dev.gorca.serving.collect;

import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.serving.job.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@link Collector} runs with (docs/collector.md has the defaults and why).
 *
 * @param interval between two {@code /metrics} scrapes of a target
 * @param dumpInterval between two goroutine dumps of a target
 * @param crashPollInterval between two looks at a crash file
 * @param quietPeriod how long a crash file must not grow before its new output counts as complete
 * @param timeout for one HTTP call, body included
 * @param offsetsFile where the crash files' offsets are kept across restarts
 */
public record CollectorSettings(List<ScrapeTarget> targets, List<CrashFile> crashFiles, Duration interval,
    Duration dumpInterval, Duration crashPollInterval, Duration quietPeriod, Duration timeout, Path offsetsFile,
    Topics topics, EnvelopeLimits limits) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_DUMP_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CRASH_POLL_INTERVAL = Duration.ofMillis(500);
  /** The runtime writes a crash in milliseconds; two quiet seconds mean it is done (or the process is gone). */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(2);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public CollectorSettings {
    targets = List.copyOf(targets);
    crashFiles = List.copyOf(crashFiles);
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("expected at least one target, found none; add --target http://host:port");
    }
    if (crashFiles.stream().map(f -> f.path().toAbsolutePath().normalize()).distinct().count() != crashFiles.size()) {
      throw new IllegalArgumentException("expected each crash file once, found one twice in "
          + crashFiles.stream().map(CrashFile::path).toList() + "; a crash would be published twice");
    }
    requirePositive("interval", interval);
    requirePositive("dumpInterval", dumpInterval);
    requirePositive("crashPollInterval", crashPollInterval);
    requirePositive("timeout", timeout);
    if (quietPeriod == null || quietPeriod.isNegative()) {
      throw new IllegalArgumentException("expected a quiet period >= 0, found " + quietPeriod);
    }
    if (offsetsFile == null || topics == null || limits == null) {
      throw new IllegalArgumentException("offsetsFile, topics and limits are required");
    }
  }

  /** The defaults for everything but the targets, crash files and offsets file. */
  public static CollectorSettings of(List<ScrapeTarget> targets, List<CrashFile> crashFiles, Path offsetsFile) {
    return new CollectorSettings(targets, crashFiles, DEFAULT_INTERVAL, DEFAULT_DUMP_INTERVAL,
        DEFAULT_CRASH_POLL_INTERVAL, DEFAULT_QUIET_PERIOD, DEFAULT_TIMEOUT, offsetsFile, Topics.DEFAULTS,
        EnvelopeLimits.DEFAULT);
  }

  public CollectorSettings withIntervals(Duration interval, Duration dumpInterval) {
    return new CollectorSettings(targets, crashFiles, interval, dumpInterval, crashPollInterval, quietPeriod, timeout,
        offsetsFile, topics, limits);
  }

  public CollectorSettings withCrashTiming(Duration crashPollInterval, Duration quietPeriod) {
    return new CollectorSettings(targets, crashFiles, interval, dumpInterval, crashPollInterval, quietPeriod, timeout,
        offsetsFile, topics, limits);
  }

  public CollectorSettings withTimeout(Duration timeout) {
    return new CollectorSettings(targets, crashFiles, interval, dumpInterval, crashPollInterval, quietPeriod, timeout,
        offsetsFile, topics, limits);
  }

  public CollectorSettings withTopics(Topics topics) {
    return new CollectorSettings(targets, crashFiles, interval, dumpInterval, crashPollInterval, quietPeriod, timeout,
        offsetsFile, topics, limits);
  }

  /** The most of one crash's output read into an envelope: half the limit leaves room for JSON escapes. */
  public int maxCrashBytes() {
    return limits.maxRecordBytes() / 2;
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("expected a positive " + name + ", found " + duration);
    }
  }
}
