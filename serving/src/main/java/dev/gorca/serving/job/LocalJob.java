package dev.gorca.serving.job;

import dev.gorca.serving.config.PipelineConfig;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job on a Flink MiniCluster inside this JVM: what {@code gorca demo} and {@code gorca run} use. */
public final class LocalJob {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private LocalJob() {}

  public static JobClient start(PipelineConfig config, String name) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), new Configuration());
    KafkaWiring.build(config, env);
    try {
      return env.executeAsync(name);
    } catch (Exception e) {
      throw new IllegalStateException("the streaming job did not start on the MiniCluster: " + e.getMessage(), e);
    }
  }

  /** Cancels the job and waits until it is gone, so its Kafka clients are closed before anything else stops. */
  public static void stop(JobClient job) throws Exception {
    job.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try {
      job.getJobExecutionResult().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException cancelled) {
      // expected: the job ends cancelled
    }
  }
}
