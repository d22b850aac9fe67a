package dev.gorca.serving.cli;

import dev.gorca.serving.collect.Collector;
import dev.gorca.serving.collect.CollectorSettings;
import dev.gorca.serving.collect.CrashFile;
import dev.gorca.serving.collect.KafkaEnvelopeSink;
import dev.gorca.serving.collect.ScrapeTarget;
import dev.gorca.serving.job.Topics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gorca collect}: ships Go services' metrics, goroutine dumps and crashes to Kafka until stopped. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
      "Ship Go services' metrics, goroutine dumps and crashes to Kafka until stopped.",
      "Scrapes /metrics and /debug/pprof/goroutine?debug=2, follows crash-output files, and publishes the "
          + "envelopes of docs/events.md (docs/collector.md). Ctrl-C or SIGTERM stops it after a flush."
    })
final class CollectCommand implements Callable<Integer> {
  private static final String KAFKA_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.apache.kafka";

  @Option(names = "--target", required = true, paramLabel = "URL",
      description = "A Go service's admin base URL, e.g. http://127.0.0.1:6060; repeatable.")
  List<String> targets;

  @Option(names = "--service", required = true, paramLabel = "NAME", description = "The service name on every envelope.")
  String service;

  @Option(names = "--instance", paramLabel = "NAME",
      description = "The instance name (and Kafka key); only with one --target. Default: the target's host:port.")
  String instance;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "15s", converter = GoDurationConverter.class,
      description = "Between two /metrics scrapes of a target (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--dump-interval", paramLabel = "DURATION", defaultValue = "60s",
      converter = GoDurationConverter.class,
      description = "Between two goroutine dumps of a target (default: ${DEFAULT-VALUE}).")
  Duration dumpInterval;

  @Option(names = "--crash-file", paramLabel = "[INSTANCE=]PATH",
      description = "A file the service's stderr is appended to (GOTRACEBACK output, debug.SetCrashOutput); "
          + "repeatable. With several targets, prefix the instance it belongs to.")
  List<String> crashFiles = new ArrayList<>();

  @Option(names = "--crash-quiet", paramLabel = "DURATION", defaultValue = "2s", converter = GoDurationConverter.class,
      description = "How long a crash file must not grow before new crash output is published (default: ${DEFAULT-VALUE}).")
  Duration quietPeriod;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = GoDurationConverter.class,
      description = "For one HTTP scrape, body included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--offsets-file", paramLabel = "FILE",
      description = "Where crash-file offsets survive restarts (default: ~/.gorca/collect-offsets.properties).")
  Path offsetsFile;

  @Option(names = "--topic.crashes", paramLabel = "TOPIC", defaultValue = "gorca.crashes",
      description = "Topic for crash envelopes (default: ${DEFAULT-VALUE}).")
  String crashesTopic;

  @Option(names = "--topic.metrics", paramLabel = "TOPIC", defaultValue = "gorca.metrics",
      description = "Topic for metrics envelopes (default: ${DEFAULT-VALUE}).")
  String metricsTopic;

  @Option(names = "--topic.dumps", paramLabel = "TOPIC", defaultValue = "gorca.dumps",
      description = "Topic for goroutine-dump envelopes (default: ${DEFAULT-VALUE}).")
  String dumpsTopic;

  @Option(names = {"-v", "--verbose"}, description = "Log progress (every scrape and publish) at INFO.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CollectorSettings settings = settings();
    // slf4j-simple reads a logger's level when the logger is first made; none of these exists yet.
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.log.dev.gorca.serving.collect", "info");
    }
    // The Kafka client warns twice a second while the broker is unreachable; the sink reports that once itself.
    if (System.getProperty(KAFKA_LOG_LEVEL) == null) {
      System.setProperty(KAFKA_LOG_LEVEL, "error");
    }
    KafkaEnvelopeSink sink;
    try {
      sink = KafkaEnvelopeSink.connect(bootstrap, "gorca-collect-" + service, settings.limits());
    } catch (KafkaException e) {
      throw usage("--bootstrap " + bootstrap + ": " + (e.getCause() == null ? e : e.getCause()).getMessage()
          + "; expected HOST:PORT[,HOST:PORT...] of Kafka brokers");
    }
    Collector collector;
    try {
      collector = Collector.start(settings, sink, Clock.systemUTC());
    } catch (IllegalStateException | UncheckedIOException e) {
      // A damaged offsets file or an unreadable crash file: say which, without a stack trace.
      sink.close();
      spec.commandLine().getErr().println("gorca collect: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      collector.close();
      stopped.countDown();
    }, "gorca-collect-stop"));
    spec.commandLine().getErr().printf("gorca collect: %d target(s), %d crash file(s), Kafka %s; Ctrl-C stops%n",
        settings.targets().size(), settings.crashFiles().size(), bootstrap);
    spec.commandLine().getErr().flush();
    stopped.await();
    return 0;
  }

  CollectorSettings settings() {
    if (instance != null && targets.size() > 1) {
      throw usage("--instance names one target's instance, found " + targets.size() + " targets; "
          + "run one collector per target or leave --instance out (each target is then its host:port)");
    }
    List<ScrapeTarget> scrapeTargets = new ArrayList<>();
    for (String url : targets) {
      try {
        scrapeTargets.add(ScrapeTarget.of(url, service, instance));
      } catch (IllegalArgumentException e) {
        throw usage("--target: " + e.getMessage());
      }
    }
    List<CrashFile> files = new ArrayList<>();
    for (String crashFile : crashFiles) {
      files.add(crashFile(crashFile, scrapeTargets));
    }
    Path offsets = offsetsFile != null ? offsetsFile
        : Paths.get(System.getProperty("user.home"), ".gorca", "collect-offsets.properties");
    Map<String, String> topicOptions = Map.of("topic.crashes", crashesTopic, "topic.metrics", metricsTopic,
        "topic.dumps", dumpsTopic);
    try {
      return CollectorSettings.of(scrapeTargets, files, offsets)
          .withIntervals(interval, dumpInterval)
          .withCrashTiming(CollectorSettings.DEFAULT_CRASH_POLL_INTERVAL, quietPeriod)
          .withTimeout(timeout)
          .withTopics(Topics.from(topicOptions));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** {@code PATH} belongs to the only target; {@code INSTANCE=PATH} to the target with that instance. */
  private CrashFile crashFile(String value, List<ScrapeTarget> scrapeTargets) {
    int equals = value.indexOf('=');
    if (equals > 0) {
      String owner = value.substring(0, equals);
      for (ScrapeTarget target : scrapeTargets) {
        if (target.instance().equals(owner)) {
          return new CrashFile(Paths.get(value.substring(equals + 1)), target);
        }
      }
    }
    if (scrapeTargets.size() == 1) {
      return new CrashFile(Paths.get(value), scrapeTargets.get(0));
    }
    throw usage("--crash-file " + value + ": with several targets, prefix the instance it belongs to, one of "
        + scrapeTargets.stream().map(ScrapeTarget::instance).toList() + ", e.g. "
        + scrapeTargets.get(0).instance() + "=" + value);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
