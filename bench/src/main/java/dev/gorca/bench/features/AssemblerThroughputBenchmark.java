package dev.gorca.bench.features;

import dev.gorca.bench.BenchData;
import dev.gorca.features.flink.AssemblyConfig;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentAssembler;
import dev.gorca.features.flink.InstanceEvent;
import dev.gorca.features.flink.InstanceEvents;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyed incident assembler's throughput on one core: metric samples (real lab samples, spread
 * over 1,000 instances, 15 s apart) through the operator with its keyed state and timers, as Flink
 * runs it minus the network. The figure is samples per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-XX:ActiveProcessorCount=1"})
public class AssemblerThroughputBenchmark {
  static final int INSTANCES = 1_000;
  static final int BATCH = 10_000;

  private KeyedOneInputStreamOperatorTestHarness<String, InstanceEvent, Incident> harness;
  private InstanceEvent[] batch;
  private long clock;

  @Setup(Level.Trial)
  public void open() throws Exception {
    List<MetricSample> samples = MetricsJsonLines.read(BenchData.capture("go1.23/goroutine_leak/request_timeout").resolve("metrics.jsonl")).samples();
    InstanceEvents events = new InstanceEvents(new GoTraceParser());
    List<InstanceEvent> list = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      MetricSample sample = samples.get(i % samples.size());
      list.add(events.metrics("svc", "instance-" + (i % INSTANCES), new MetricSample(sample.tsMs(), sample.values())));
    }
    batch = list.toArray(new InstanceEvent[0]);
    harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new IncidentAssembler(AssemblyConfig.defaults())), InstanceEvent::key, Types.STRING);
    harness.open();
    clock = samples.get(0).tsMs();
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    harness.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void metricSamples() throws Exception {
    for (int i = 0; i < BATCH; i++) {
      InstanceEvent event = batch[i];
      // Each instance scrapes every 15 s: time moves on by 15 s per round of instances.
      if (i % INSTANCES == 0) clock += 15_000;
      event.tsMs = clock;
      event.metrics.tsMs = clock;
      harness.processElement(new StreamRecord<>(event, clock));
    }
    harness.processWatermark(clock - 5_000);
    harness.getOutput().clear();
  }
}
