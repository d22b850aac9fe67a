package dev.gorca.serving.cli;

import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.config.SettingKey;
import dev.gorca.serving.config.Settings;
import dev.gorca.serving.http.HttpSettings;
import dev.gorca.serving.http.HttpStack;
import dev.gorca.serving.job.LocalJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gorca run --config gorca.yaml}: the job against your Kafka and PostgreSQL, until Ctrl-C or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run gorca's streaming job (on a Flink MiniCluster in this JVM) against external Kafka and PostgreSQL.",
      "Settings come from --config, then GORCA_* environment variables (store.url -> GORCA_STORE_URL), then",
      "--set; docs/operations.md lists them all. On a Flink cluster, submit serving/target/gorca-job.jar instead."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", description = "A YAML file of settings (see docs/gorca.example.yaml).")
  Path config;

  @Option(names = "--set", description = "A setting KEY=VALUE, applied last; repeatable.")
  List<String> overrides = List.of();

  @Option(names = "--check", description = "Print the effective settings and exit without starting anything.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (config != null && !Files.isRegularFile(config)) {
      throw new ParameterException(spec.commandLine(), "no configuration file " + config);
    }
    Map<String, String> set = new LinkedHashMap<>();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq < 1) throw new ParameterException(spec.commandLine(), "expected --set KEY=VALUE, found " + override);
      set.put(override.substring(0, eq), override.substring(eq + 1));
    }
    PipelineConfig pipeline;
    HttpSettings http;
    try {
      Settings settings = Settings.load(config, System.getenv(), set).requireKnownKeys();
      settings.required(SettingKey.STORE_URL);
      pipeline = PipelineConfig.from(settings);
      http = HttpStack.settings(settings);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    out.printf("gorca run: Kafka %s, topics %s%n  models %s%n  store %s%n  learning %s%n  parallelism %d,"
            + " checkpoints every %s%s%n  UI %s%n", pipeline.bootstrapServers(), pipeline.topics().all(),
        pipeline.job().registryDir(), pipeline.job().store(), pipeline.job().learning() == null ? "off" : pipeline.job().learning(),
        pipeline.parallelism(), pipeline.checkpointInterval(),
        pipeline.checkpointDir().isBlank() ? "" : " to " + pipeline.checkpointDir(), http);
    out.flush();
    if (check) return 0;
    JobClient job = LocalJob.start(pipeline, "gorca");
    HttpStack ui = HttpStack.start(http, pipeline.bootstrapServers(), pipeline.topics(), pipeline.job().store().open(),
        Path.of(pipeline.job().registryDir()));
    out.println("gorca run: job " + job.getJobID() + " started, UI on http://" + http.bindAddress() + ":" + ui.port()
        + "/; Ctrl-C stops it");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        ui.close();
        LocalJob.stop(job);
      } catch (Exception e) {
        out.println("gorca run: while stopping: " + e);
      }
      out.println("gorca run: stopped");
      out.flush();
      stopped.countDown();
    }, "gorca-run-shutdown"));
    stopped.await();
    return 0;
  }
}
