package dev.gorca.serving.bench;

import dev.gorca.serving.config.PipelineConfig;
import dev.gorca.serving.job.LocalJob;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;

/**
 * The streaming job of one phase on its own MiniCluster, with a committed reader on its incidents topic
 * started before it, so no incident's arrival is missed.
 */
final class RunningJob implements AutoCloseable {
  final CommittedReader incidents;
  private final JobClient job;
  final Duration startup;

  private RunningJob(CommittedReader incidents, JobClient job, Duration startup) {
    this.incidents = incidents;
    this.job = job;
    this.startup = startup;
  }

  static RunningJob start(BenchCluster cluster, PipelineConfig config, String name) {
    CommittedReader incidents = new CommittedReader(cluster.bootstrapServers(), config.topics().incidents()).start();
    long startedAt = System.nanoTime();
    try {
      JobClient job = LocalJob.start(config, name);
      return new RunningJob(incidents, job, Duration.ofNanos(System.nanoTime() - startedAt));
    } catch (RuntimeException e) {
      incidents.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      LocalJob.stop(job);
    } finally {
      incidents.close();
    }
  }
}
