package dev.gorca.serving.demo;

import dev.gorca.ingest.contract.Envelope;
import dev.gorca.ingest.contract.EnvelopeCodec;
import dev.gorca.ingest.contract.MetricsEnvelope;
import dev.gorca.serving.job.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's traffic: a fleet of simulated services whose instances scrape healthy metrics, and now
 * and then one instance dies the way a real lab program died — its captured metrics, dump and crash
 * replayed in real time under a fresh pod name — while a replacement starts. A little garbage is mixed
 * in so the dead-letter path has something to show. Runs on its own thread until closed.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
  private static final List<String> SERVICE_NAMES = List.of("checkout", "payments", "search", "cart", "catalog",
      "inventory", "shipping", "auth", "profile", "recommend", "ads", "email", "billing", "ledger", "pricing",
      "reviews", "media", "notify", "gateway", "orders", "fraud", "tax", "quotes", "loyalty", "geo", "session",
      "audit", "export", "ingest", "scheduler");
  private static final long TICK_MS = 50;

  /**
   * @param services how many services, each with {@code instancesPerService} instances
   * @param crashEvery mean time between incidents across the fleet
   * @param garbageEvery mean time between invalid records
   */
  public record Options(int services, int instancesPerService, Duration scrapeInterval, Duration crashEvery,
      Duration garbageEvery, long seed) {
    public static Options demo(int services) {
      return new Options(services, 2, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(45), 7);
    }

    public Options withCrashEvery(Duration mean) {
      return new Options(services, instancesPerService, scrapeInterval, mean, garbageEvery, seed);
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final Topics topics;
  private final List<LabReplay> replays;
  private final Options options;
  private final Clock clock;
  private final Random random;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final List<HealthyInstance> healthy = new ArrayList<>();
  private final PriorityQueue<LabReplay.Step> due = new PriorityQueue<>(Comparator.comparingLong(LabReplay.Step::tsMs));
  private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
  private final Map<String, String> replayedCaseByInstance = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TrafficGenerator(Producer<byte[], byte[]> producer, Topics topics, List<LabReplay> replays, Options options,
      Clock clock) {
    this.producer = producer;
    this.topics = topics;
    this.replays = List.copyOf(replays);
    this.options = options;
    this.clock = clock;
    this.random = new Random(options.seed());
    for (int s = 0; s < options.services(); s++) {
      String service = s < SERVICE_NAMES.size() ? SERVICE_NAMES.get(s) : SERVICE_NAMES.get(s % SERVICE_NAMES.size()) + s;
      for (int i = 0; i < options.instancesPerService(); i++) healthy.add(new HealthyInstance(service, podName(service), random));
    }
    thread = new Thread(this::run, "gorca-demo-traffic");
    thread.setDaemon(true);
  }

  public TrafficGenerator start() {
    thread.start();
    return this;
  }

  /** Records sent so far, by kind: metrics, dumps, crashes, garbage. */
  public Map<String, Long> sent() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    sent.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  /** Which lab case an instance replayed, for the console and the tests; null for healthy instances. */
  public String replayedCase(String instance) {
    return replayedCaseByInstance.get(instance);
  }

  private void run() {
    long now = clock.millis();
    long nextScrape = now;
    long nextCrash = now + jitter(options.crashEvery()) / 3; // a first incident soon after start
    long nextGarbage = now + jitter(options.garbageEvery());
    long lastScrape = now - options.scrapeInterval().toMillis();
    while (running) {
      now = clock.millis();
      try {
        if (now >= nextScrape) {
          scrapeAll(now, (now - lastScrape) / 1000.0);
          lastScrape = now;
          nextScrape = now + options.scrapeInterval().toMillis();
        }
        if (now >= nextCrash) {
          startIncident(now);
          nextCrash = now + jitter(options.crashEvery());
        }
        if (now >= nextGarbage) {
          sendGarbage();
          nextGarbage = now + jitter(options.garbageEvery());
        }
        while (!due.isEmpty() && due.peek().tsMs() <= now) send(due.poll());
        Thread.sleep(TICK_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The demo's traffic must outlive a hiccup (a broker restart, say); the job does not depend on it.
        LOG.warn("demo traffic: {}", e.toString());
      }
    }
  }

  private void scrapeAll(long now, double elapsedSeconds) {
    for (HealthyInstance instance : healthy) {
      Map<String, Double> values = instance.scrape(elapsedSeconds, random);
      produce(topics.metrics(), instance.instance, codec.encode(
          MetricsEnvelope.ofValues(instance.service, instance.instance, now, values)), "metrics");
    }
  }

  /** One instance is replaced: a doomed pod replays a lab case, a fresh one takes over the healthy traffic. */
  private void startIncident(long now) {
    HealthyInstance replaced = healthy.remove(random.nextInt(healthy.size()));
    healthy.add(new HealthyInstance(replaced.service, podName(replaced.service), random));
    LabReplay replay = replays.get(random.nextInt(replays.size()));
    String doomed = podName(replaced.service);
    replayedCaseByInstance.put(doomed, replay.caseId());
    long crashTs = now + replay.leadMs() + 100;
    due.addAll(replay.steps(replaced.service, doomed, crashTs,
        new LabReplay.TopicNames(topics.crashes(), topics.metrics(), topics.dumps())));
    LOG.info("demo: {}/{} will die like lab case {} ({})", replaced.service, doomed, replay.caseId(), replay.rootCause());
  }

  private void send(LabReplay.Step step) {
    Envelope envelope = (Envelope) step.envelope();
    String kind = step.topic().equals(topics.crashes()) ? "crashes" : step.topic().equals(topics.dumps()) ? "dumps" : "metrics";
    String instance = ((dev.gorca.ingest.contract.ServiceEnvelope) envelope).instance();
    produce(step.topic(), instance, codec.encode(envelope), kind);
  }

  private void sendGarbage() {
    String[] garbage = {"not json at all", "{\"schema\":\"gorca.crash/v9\",\"service\":\"x\"}",
        "{\"schema\":\"gorca.crash/v1\",\"service\":\"checkout\",\"instance\":\"checkout-1\",\"ts_ms\":"};
    produce(topics.crashes(), "garbage", garbage[random.nextInt(garbage.length)].getBytes(StandardCharsets.UTF_8),
        "garbage");
  }

  private void produce(String topic, String key, byte[] value, String kind) {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
      if (error != null) LOG.warn("demo traffic: could not send to {}: {}", topic, error.toString());
    });
    sent.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
  }

  private long jitter(Duration mean) {
    return (long) (mean.toMillis() * (0.5 + random.nextDouble()));
  }

  private String podName(String service) {
    byte[] bytes = new byte[5];
    random.nextBytes(bytes);
    String hex = HexFormat.of().formatHex(bytes);
    return service + "-" + hex.substring(0, 5) + "-" + hex.substring(5, 10);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
