package dev.gorca.features.flink;

import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.DumpEnvelope;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.contract.MetricsJsonLines;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one real lab incident as a service instance would send them: its metric samples,
 * the goroutine dump shortly before the end, and the crash just after the last sample.
 */
final class LabIncidentEvents {
  /** The crash is reported this long after the last sample the process wrote. */
  static final long CRASH_AFTER_LAST_SAMPLE_MS = 150;
  /** The dump was taken this long before the crash. */
  static final long DUMP_BEFORE_CRASH_MS = 100;

  final LabCapture capture;
  final String service;
  final String instance;
  final List<MetricSample> samples;
  final long crashTsMs;
  final String crashText;
  final String dumpText;

  private final InstanceEvents events = new InstanceEvents(new GoTraceParser());

  LabIncidentEvents(LabCapture capture, String service, String instance) {
    this.capture = capture;
    this.service = service;
    this.instance = instance;
    try {
      this.samples = MetricsJsonLines.read(capture.metricsJsonLines()).samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.crashTsMs = samples.get(samples.size() - 1).tsMs() + CRASH_AFTER_LAST_SAMPLE_MS;
    this.crashText = new String(capture.read(capture.crash()), StandardCharsets.UTF_8);
    this.dumpText = capture.hasDump() ? new String(capture.read(capture.dump()), StandardCharsets.UTF_8) : null;
  }

  /** The same incident shifted to another time, as if it happened later. */
  LabIncidentEvents shiftedBy(long deltaMs) {
    return new LabIncidentEvents(this, deltaMs);
  }

  private LabIncidentEvents(LabIncidentEvents original, long deltaMs) {
    this.capture = original.capture;
    this.service = original.service;
    this.instance = original.instance;
    this.samples = original.samples.stream().map(s -> new MetricSample(s.tsMs() + deltaMs, s.values())).toList();
    this.crashTsMs = original.crashTsMs + deltaMs;
    this.crashText = original.crashText;
    this.dumpText = original.dumpText;
  }

  List<InstanceEvent> metricEvents() {
    List<InstanceEvent> list = new ArrayList<>();
    for (MetricSample sample : samples) list.add(events.metrics(service, instance, sample));
    return list;
  }

  InstanceEvent dumpEvent() {
    return events.dump(new DumpEnvelope(service, instance, crashTsMs - DUMP_BEFORE_CRASH_MS, dumpText));
  }

  InstanceEvent crashEvent() {
    return crashEventAt(crashTsMs);
  }

  InstanceEvent crashEventAt(long tsMs) {
    return events.crash(CrashEnvelope.of(service, instance, tsMs, crashText));
  }

  /** Metrics, dump and crash in time order. */
  List<InstanceEvent> all() {
    List<InstanceEvent> all = new ArrayList<>(metricEvents());
    if (dumpText != null) all.add(dumpEvent());
    all.add(crashEvent());
    return all;
  }
}
