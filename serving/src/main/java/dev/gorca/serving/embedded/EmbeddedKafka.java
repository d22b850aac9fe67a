package dev.gorca.serving.embedded;

import dev.gorca.ingest.contract.EnvelopeLimits;
import dev.gorca.serving.job.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM on 127.0.0.1, so gorca runs
 * with no Kafka installed. The first start in a JVM takes about 4 s on two cores (class loading, not the format
 * step), a later one 0.3-0.5 s; see docs/operations.md for measured figures.
 *
 * <p>A data directory that already holds a formatted log is reused (warm start, topics and records kept).
 */
public final class EmbeddedKafka implements AutoCloseable {
  /** Headroom over the largest record value for the record batch, key and headers around it. */
  static final int BATCH_OVERHEAD_BYTES = EnvelopeLimits.MIB;
  /** Broker-wide and dump-topic limit: a 64 MiB dump plus its batch. Other topics keep this too; they are small. */
  public static final int MAX_MESSAGE_BYTES = EnvelopeLimits.DEFAULT.maxDumpBytes() + BATCH_OVERHEAD_BYTES;
  private static final int NODE_ID = 1;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  /** How long close() waits for the broker's executor threads, which Kafka shuts down without waiting. */
  private static final Duration THREAD_EXIT_TIMEOUT = Duration.ofSeconds(5);

  private final Path dataDir;
  private final int brokerPort;
  private final KafkaRaftServer server;
  private final Duration startupTime;
  private final boolean formatted;
  private final Set<Thread> threadsBeforeStart;
  private boolean closed;

  private EmbeddedKafka(Path dataDir, int brokerPort, KafkaRaftServer server, Duration startupTime,
      boolean formatted, Set<Thread> threadsBeforeStart) {
    this.threadsBeforeStart = threadsBeforeStart;
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.server = server;
    this.startupTime = startupTime;
    this.formatted = formatted;
  }

  /** Starts a broker on an ephemeral port with its log in {@code dataDir} (created if missing). */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts a broker listening on {@code brokerPort} (0: any free port) with its log in {@code dataDir}. The
   * controller always takes an ephemeral port: only the broker itself talks to it.
   */
  public static EmbeddedKafka start(Path dataDir, int brokerPort) {
    Objects.requireNonNull(dataDir, "dataDir == null");
    if (brokerPort < 0 || brokerPort > 65535) {
      throw new IllegalArgumentException("expected a port in 0..65535 (0 for any free port), found " + brokerPort);
    }
    Set<Thread> threadsBeforeStart = Set.copyOf(Thread.getAllStackTraces().keySet());
    long startedAt = System.nanoTime();
    Path logDir = dataDir.toAbsolutePath().resolve("kraft-logs");
    int port = brokerPort == 0 ? freePort() : brokerPort;
    Properties props = brokerProperties(logDir, port, freePort());
    boolean format = !Files.exists(logDir.resolve("meta.properties"));
    try {
      Files.createDirectories(logDir);
      if (format) {
        formatStorage(dataDir.toAbsolutePath(), props);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the Kafka data directory " + logDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw new IllegalStateException("the embedded Kafka broker did not start on 127.0.0.1:" + port + " with data in "
          + logDir + "; is the port taken or the directory held by another broker?", e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir, port, server, Duration.ofNanos(System.nanoTime() - startedAt),
        format, threadsBeforeStart);
    kafka.awaitReady();
    return kafka;
  }

  static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has one replica, and few partitions keep start-up and group joins quick.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("socket.request.max.bytes", String.valueOf(MAX_MESSAGE_BYTES + BATCH_OVERHEAD_BYTES));
    return p;
  }

  private static void formatStorage(Path dataDir, Properties props) throws IOException {
    Path configFile = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(configFile)) {
      props.store(out, "generated by gorca's EmbeddedKafka; read once by the storage format tool");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString(),
        "--ignore-formatted"};
    int exit;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(args, print);
    }
    if (exit != 0) {
      throw new IllegalStateException("expected the Kafka storage format to exit 0, found " + exit + " for "
          + dataDir + ": " + output.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** Waits until the broker answers metadata requests: startup() returns before the broker is unfenced. */
  private void awaitReady() {
    try (Admin admin = admin()) {
      long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new IllegalStateException("the embedded Kafka broker at " + bootstrapServers()
                + " did not answer within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
          }
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public int port() {
    return brokerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Wall time from {@link #start} until the broker answered, format included. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Whether this start formatted a fresh data directory (cold) rather than reusing one (warm). */
  public boolean formattedOnStart() {
    return formatted;
  }

  /** An admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "gorca-embedded-admin"));
  }

  /** Creates gorca's seven topics; the dump and dead-letter topics accept records of up to {@link #MAX_MESSAGE_BYTES}. */
  public void createTopics(Topics topics, int partitions) {
    List<NewTopic> newTopics = new ArrayList<>();
    for (String name : topics.all()) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1);
      // Dumps are up to 64 MiB; a dead letter holds a refused record, base64-encoded.
      if (name.equals(topics.dumps()) || name.equals(topics.deadLetters())) {
        topic.configs(Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES)));
      }
      newTopics.add(topic);
    }
    createTopics(newTopics);
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin = admin()) {
      Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + topics.stream().map(NewTopic::name).toList()
          + " on " + bootstrapServers() + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics on " + bootstrapServers(), e);
    }
  }

  /** Stops the broker and controller and waits for their threads; the port is free when this returns. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    awaitBrokerThreadsExit();
  }

  /**
   * Purgatory timers ("executor-AlterAcls" and the like) are shut down but not awaited by the broker, so one can
   * outlive awaitShutdown() by a few milliseconds. Waits, at most {@link #THREAD_EXIT_TIMEOUT} in all, for the
   * non-daemon threads started since this broker began; a thread someone else started meanwhile and keeps
   * running only delays close() by that bound.
   */
  private void awaitBrokerThreadsExit() {
    long deadline = System.nanoTime() + THREAD_EXIT_TIMEOUT.toNanos();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isDaemon() || threadsBeforeStart.contains(thread) || thread == Thread.currentThread()) {
        continue;
      }
      long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remainingMs <= 0) {
        return;
      }
      try {
        thread.join(remainingMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
