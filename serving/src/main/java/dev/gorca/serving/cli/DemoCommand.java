package dev.gorca.serving.cli;

import dev.gorca.serving.demo.DemoRuntime;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gorca demo}: the whole of gorca on the embedded default, with traffic, until Ctrl-C. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start gorca on the embedded default: a real Kafka broker (KRaft) and PostgreSQL keeping their data in",
      "--data, the streaming job on a Flink MiniCluster, the web UI, and simulated services whose instances",
      "die the way the lab's Go programs died. Scored incidents are printed as they come. Ctrl-C stops it all."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "Port of the web UI (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data", description = "Where the demo keeps Kafka, PostgreSQL, models and checkpoints"
      + " (default: ~/.gorca/demo); a restarted demo keeps its incidents and labels.")
  Path data;

  @Option(names = "--services", defaultValue = "30", description = "Simulated services, two instances each;"
      + " 0 for no traffic (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(names = "--kafka-port", defaultValue = "0", description = "The broker's port; 0 for any free one.")
  int kafkaPort;

  @Option(names = "--min-labels", defaultValue = "5",
      description = "Labels that trigger a learning step (default: ${DEFAULT-VALUE}).")
  int minLabels;

  @Option(names = "--max-wait", defaultValue = "60", description = "Seconds after a first new label before a learning"
      + " step runs anyway (default: ${DEFAULT-VALUE}).")
  long maxWaitSeconds;

  @Option(names = "--crash-every", defaultValue = "15", description = "Mean seconds between incidents across the"
      + " simulated fleet (default: ${DEFAULT-VALUE}).")
  long crashEverySeconds;

  @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C.")
  long durationSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dataDir = data != null ? data : Path.of(System.getProperty("user.home"), ".gorca", "demo");
    out.println("gorca demo: starting (data in " + dataDir.toAbsolutePath() + ")");
    out.flush();
    DemoRuntime runtime = DemoRuntime.start(new DemoRuntime.Options(dataDir, port, services, kafkaPort, minLabels,
        Duration.ofSeconds(maxWaitSeconds), Duration.ofSeconds(crashEverySeconds)), out);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      out.println("gorca demo: stopping ...");
      out.flush();
      runtime.close();
      out.println("gorca demo: stopped");
      out.flush();
      stopped.countDown();
    }, "gorca-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println();
    out.println("gorca demo is up.");
    if (runtime.uiPort() > 0) {
      out.println("  UI and API:  http://127.0.0.1:" + runtime.uiPort() + "/   (review queue: /review, models: /model,"
          + " metrics: /metrics)");
      out.println("  labelling:   log in as " + DemoRuntime.DEMO_OPERATOR + " with " + runtime.operatorSecret()
          + "   (API: Authorization: Bearer <that>)");
    }
    out.println("  Kafka:       " + runtime.kafka().bootstrapServers() + "   (topics " + runtime.pipeline().topics().all() + ")");
    out.println("  PostgreSQL:  " + runtime.storeUrl());
    out.println("  models:      " + runtime.registryDir());
    out.println("Press Ctrl-C to stop.");
    out.println();
    out.flush();
    if (durationSeconds > 0) {
      if (!stopped.await(durationSeconds, TimeUnit.SECONDS)) {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
      }
    } else {
      stopped.await();
    }
    return 0;
  }
}
