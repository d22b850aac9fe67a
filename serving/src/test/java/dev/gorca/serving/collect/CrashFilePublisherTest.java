package dev.gorca.serving.collect;

import static dev.gorca.ingest.contract.TestTimes.CRASH_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.ServiceEnvelope;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash file's offset moves only once Kafka has the crash, so a failure never loses it. */
class CrashFilePublisherTest {
  private static final LabCapture SERVE = LabCaptures.named("go1.23/nil_dereference/serve");
  private static final String CRASH = new String(SERVE.read(SERVE.crash()), StandardCharsets.UTF_8);
  private static final ScrapeTarget OWNER = ScrapeTarget.of("http://127.0.0.1:6060", "pricing-edge", null);

  @TempDir Path dir;

  /** Fails the first {@code failures} sends as Kafka would, acknowledges the rest, and keeps every attempt. */
  private static final class FlakySink implements EnvelopeSink {
    final List<ServiceEnvelope> attempts = new ArrayList<>();
    private int failures;

    FlakySink(int failures) {
      this.failures = failures;
    }

    @Override
    public CompletableFuture<Void> send(String topic, ServiceEnvelope envelope) {
      attempts.add(envelope);
      return failures-- > 0 ? CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s)"))
          : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }

  @Test
  void a_crash_kafka_did_not_take_is_sent_again_and_then_never_again() throws IOException {
    Path file = Files.createFile(dir.resolve("serve.stderr"));
    FlakySink sink = new FlakySink(1);
    MutableClock clock = new MutableClock();
    CrashFileWatcher watcher = new CrashFileWatcher(file, CrashOffsets.load(dir.resolve("offsets")),
        Duration.ofSeconds(1), 1024 * 1024);
    CrashFilePublisher publisher = new CrashFilePublisher(watcher, OWNER, sink, "gorca.crashes", clock);
    Files.writeString(file, CRASH);
    Files.setLastModifiedTime(file, FileTime.fromMillis(CRASH_AT));

    for (int poll = 0; poll < 10; poll++) {
      publisher.run();
      clock.advance(Duration.ofMillis(500));
    }

    CrashEnvelope expected = CrashEnvelope.of("pricing-edge", "127.0.0.1:6060", CRASH_AT, CRASH);
    assertEquals(List.of(expected, expected), sink.attempts, "one failed attempt, one acknowledged");
    assertEquals(CRASH.length(), watcher.offset());
  }

  @Test
  void a_crash_refused_as_too_large_is_skipped_once_rather_than_sent_forever() throws IOException {
    Path file = Files.createFile(dir.resolve("serve.stderr"));
    List<ServiceEnvelope> attempts = new ArrayList<>();
    EnvelopeSink refusing = new EnvelopeSink() {
      @Override
      public CompletableFuture<Void> send(String topic, ServiceEnvelope envelope) {
        attempts.add(envelope);
        return CompletableFuture.failedFuture(new EnvelopeRefusedException("expected at most 8 MiB", null));
      }

      @Override
      public void close() {}
    };
    MutableClock clock = new MutableClock();
    CrashFileWatcher watcher = new CrashFileWatcher(file, CrashOffsets.load(dir.resolve("offsets")),
        Duration.ofSeconds(1), 1024 * 1024);
    CrashFilePublisher publisher = new CrashFilePublisher(watcher, OWNER, refusing, "gorca.crashes", clock);
    Files.writeString(file, CRASH);

    for (int poll = 0; poll < 10; poll++) {
      publisher.run();
      clock.advance(Duration.ofMillis(500));
    }

    assertEquals(1, attempts.size());
    assertEquals(CRASH.length(), watcher.offset());
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.ofEpochMilli(CRASH_AT);

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
