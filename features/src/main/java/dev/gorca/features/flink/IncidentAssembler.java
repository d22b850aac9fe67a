package dev.gorca.features.flink;

import dev.gorca.features.extract.BucketSummary;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.extract.LeakDetector;
import dev.gorca.features.extract.MetricPoint;
import dev.gorca.features.extract.MetricWindowFeatures;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Assembles incidents per service instance, in event time. Keeps the instance's recent samples, its
 * latest dump summary, crashes waiting out their grace period, recent crash fingerprints and the
 * open leak episode. On a crash it waits {@code gracePeriod} for late metrics and dumps, then emits
 * one {@link Incident}; on a leak in progress it emits one live incident per episode.
 *
 * <p>Where state is cleared: a pending crash when its incident is emitted; fingerprints older than
 * the duplicate window on every crash; samples older than the retention on every sample; the leak
 * episode when the leak has not been seen for a window, or the instance crashes; everything when
 * the instance has been silent for {@code idleTimeout} (event time), and by the TTL safety net
 * (processing time) when no watermark comes to fire that timer.
 */
public final class IncidentAssembler extends KeyedProcessFunction<String, InstanceEvent, Incident> {
  private static final long serialVersionUID = 1L;

  private final AssemblyConfig config;

  private transient FeatureSchema schema;
  private transient ValueState<MetricRing> samples;
  private transient ValueState<DumpSummary> latestDump;
  private transient MapState<Long, CrashSummary> pendingCrashes;
  private transient MapState<String, Long> recentFingerprints;
  private transient ValueState<LiveEpisode> liveEpisode;
  private transient ValueState<Long> lastSeenTsMs;
  private transient ValueState<Long> idleTimerTsMs;
  private transient Counter duplicateCrashes;
  private transient Counter lateCrashes;

  public IncidentAssembler(AssemblyConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext context) {
    schema = config.schema();
    StateTtlConfig ttl = StateTtlConfig.newBuilder(config.stateTtl())
        .updateTtlOnCreateAndWrite()
        .neverReturnExpired()
        .build();
    samples = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("samples", MetricRing.class), ttl));
    latestDump = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("latest-dump", DumpSummary.class), ttl));
    pendingCrashes = getRuntimeContext().getMapState(
        withTtl(new MapStateDescriptor<>("pending-crashes", Types.LONG, Types.POJO(CrashSummary.class)), ttl));
    recentFingerprints = getRuntimeContext().getMapState(
        withTtl(new MapStateDescriptor<>("recent-fingerprints", Types.STRING, Types.LONG), ttl));
    liveEpisode = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("live-episode", LiveEpisode.class), ttl));
    lastSeenTsMs = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("last-seen", Types.LONG), ttl));
    idleTimerTsMs = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("idle-timer", Types.LONG), ttl));
    duplicateCrashes = getRuntimeContext().getMetricGroup().counter("duplicateCrashes");
    lateCrashes = getRuntimeContext().getMetricGroup().counter("lateCrashes");
  }

  private static <D extends org.apache.flink.api.common.state.StateDescriptor<?, ?>> D withTtl(D descriptor, StateTtlConfig ttl) {
    descriptor.enableTimeToLive(ttl);
    return descriptor;
  }

  @Override
  public void processElement(InstanceEvent event, Context context, Collector<Incident> out) throws Exception {
    switch (event.type) {
      case METRICS -> onMetrics(event, context, out);
      case DUMP -> onDump(event);
      case CRASH -> onCrash(event, context, out);
    }
    touch(event.tsMs, context);
  }

  private void onMetrics(InstanceEvent event, Context context, Collector<Incident> out) throws Exception {
    MetricRing ring = samples.value();
    if (ring == null) ring = MetricRing.withCapacity(config.ringCapacity());
    ring.add(event.metrics);
    ring.evictOlderThan(ring.newestTsMs() - config.retention().toMillis());
    samples.update(ring);
    if (config.liveIncidents()) detectLeak(event, context, ring, out);
  }

  private void onDump(InstanceEvent event) throws Exception {
    DumpSummary current = latestDump.value();
    if (current == null || current.tsMs <= event.dump.tsMs) latestDump.update(event.dump);
  }

  private void onCrash(InstanceEvent event, Context context, Collector<Incident> out) throws Exception {
    CrashSummary crash = event.crash;
    forgetFingerprintsBefore(crash.tsMs - config.duplicateWindow().toMillis());
    Long seenAt = recentFingerprints.get(crash.fingerprint);
    if (seenAt != null && Math.abs(seenAt - crash.tsMs) <= config.duplicateWindow().toMillis()) {
      duplicateCrashes.inc();
      CrashSummary pending = pendingCrashes.get(seenAt);
      if (pending != null) {
        pending.duplicates++;
        pendingCrashes.put(seenAt, pending);
      }
      return;
    }
    recentFingerprints.put(crash.fingerprint, crash.tsMs);
    liveEpisode.clear(); // the leak, if any, has ended in this crash
    long fireAt = crash.tsMs + config.gracePeriod().toMillis();
    if (fireAt <= context.timerService().currentWatermark()) {
      // Late: its grace period is already over in event time. Emit now with what is known.
      lateCrashes.inc();
      out.collect(crashIncident(context.getCurrentKey(), crash));
      return;
    }
    CrashSummary sameTime = pendingCrashes.get(crash.tsMs);
    if (sameTime == null) {
      pendingCrashes.put(crash.tsMs, crash);
      context.timerService().registerEventTimeTimer(fireAt);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Incident> out) throws Exception {
    List<Long> due = new ArrayList<>();
    for (Map.Entry<Long, CrashSummary> entry : pendingCrashes.entries()) {
      if (entry.getKey() + config.gracePeriod().toMillis() <= timestamp) due.add(entry.getKey());
    }
    due.sort(Long::compare);
    for (Long crashTs : due) {
      out.collect(crashIncident(context.getCurrentKey(), pendingCrashes.get(crashTs)));
      pendingCrashes.remove(crashTs);
    }
    Long idleTimer = idleTimerTsMs.value();
    if (idleTimer != null && idleTimer == timestamp) onIdleTimer(timestamp, context);
  }

  private Incident crashIncident(String key, CrashSummary crash) throws Exception {
    DumpSummary dump = dumpFor(crash.tsMs);
    List<MetricPoint> points = ringPoints();
    FeatureVector vector = IncidentFeatures.assemble(schema, crash.tsMs, crash.features,
        dump != null ? dump.shape : crash.tracebackShape, dump != null, points);
    Incident incident = base(key, crash.tsMs, Incident.CRASH);
    incident.incidentId = IncidentIds.crash(incident.service, incident.instance, crash.tsMs);
    incident.crash = crash;
    incident.topBuckets = dump != null && dump.topBuckets.length > 0 ? dump.topBuckets : crash.topBuckets;
    incident.featureSchema = vector.schemaVersion();
    incident.features = vector.values();
    incident.inputs = inputs(true, dump != null, vector);
    incident.history = history(points, crash.tsMs);
    return incident;
  }

  /** The latest dump taken within the longest window before the incident and no later than the grace period after it. */
  private DumpSummary dumpFor(long crashTsMs) throws Exception {
    DumpSummary dump = latestDump.value();
    if (dump == null || dump.tsMs > crashTsMs + config.gracePeriod().toMillis()) return null;
    if (dump.tsMs < crashTsMs - config.windows().get(0).toMillis()) return null; // too old to describe this crash
    return dump;
  }

  private void detectLeak(InstanceEvent event, Context context, MetricRing ring, Collector<Incident> out) throws Exception {
    long now = ring.newestTsMs();
    if (event.tsMs < now) return; // an out-of-order sample says nothing about the present
    Optional<LeakDetector.Leak> leak = LeakDetector.mightLeak(event.metrics, config.leakRules())
        ? LeakDetector.detect(MetricWindowFeatures.window(ring.toList(), now, config.windows().get(0)), config.leakRules())
        : Optional.empty();
    LiveEpisode episode = liveEpisode.value();
    if (leak.isEmpty()) {
      if (episode != null && now - episode.lastDetectedTsMs > config.windows().get(0).toMillis()) liveEpisode.clear();
      return;
    }
    if (episode != null) {
      episode.lastDetectedTsMs = now;
      liveEpisode.update(episode);
      return;
    }
    episode = new LiveEpisode();
    episode.openedTsMs = now;
    episode.lastDetectedTsMs = now;
    episode.resource = leak.get().resource();
    liveEpisode.update(episode);
    out.collect(liveIncident(context.getCurrentKey(), now, leak.get()));
  }

  private Incident liveIncident(String key, long tsMs, LeakDetector.Leak leak) throws Exception {
    DumpSummary dump = dumpFor(tsMs);
    List<MetricPoint> points = ringPoints();
    FeatureVector vector = IncidentFeatures.assemble(schema, tsMs, null, dump == null ? null : dump.shape, dump != null, points);
    Incident incident = base(key, tsMs, Incident.LIVE);
    incident.incidentId = IncidentIds.live(incident.service, incident.instance, tsMs);
    incident.topBuckets = dump == null ? new BucketSummary[0] : dump.topBuckets;
    incident.featureSchema = vector.schemaVersion();
    incident.features = vector.values();
    incident.inputs = inputs(false, dump != null, vector);
    incident.history = history(points, tsMs);
    incident.liveReason = leak.reason();
    incident.liveResource = leak.resource();
    incident.secondsToExhaustion = leak.secondsToExhaustion();
    return incident;
  }

  private Incident base(String key, long tsMs, String type) {
    int slash = key.indexOf('/');
    Incident incident = new Incident();
    incident.service = key.substring(0, slash);
    incident.instance = key.substring(slash + 1);
    incident.tsMs = tsMs;
    incident.type = type;
    return incident;
  }

  private String[] inputs(boolean crash, boolean dump, FeatureVector vector) {
    List<String> inputs = new ArrayList<>();
    if (crash) inputs.add("crash");
    if (dump) inputs.add("dump");
    if (vector.get(schema, "has_metrics") == 1.0) inputs.add("metrics");
    return inputs.toArray(new String[0]);
  }

  /** The samples of the longest window up to {@code tsMs}: the same ones the features were computed from. */
  private MetricPoint[] history(List<MetricPoint> points, long tsMs) {
    long from = tsMs - config.windows().get(0).toMillis();
    return points.stream().filter(p -> p.tsMs >= from && p.tsMs <= tsMs).toArray(MetricPoint[]::new);
  }

  private List<MetricPoint> ringPoints() throws Exception {
    MetricRing ring = samples.value();
    return ring == null ? List.of() : ring.toList();
  }

  private void forgetFingerprintsBefore(long tsMs) throws Exception {
    Iterator<Map.Entry<String, Long>> entries = recentFingerprints.iterator();
    while (entries.hasNext()) {
      Map.Entry<String, Long> entry = entries.next();
      if (entry.getValue() < tsMs && !pendingCrashes.contains(entry.getValue())) entries.remove();
    }
  }

  /** Remembers activity and keeps exactly one idle timer registered. */
  private void touch(long tsMs, Context context) throws Exception {
    Long lastSeen = lastSeenTsMs.value();
    if (lastSeen == null || tsMs > lastSeen) lastSeenTsMs.update(tsMs);
    if (idleTimerTsMs.value() == null) {
      long fireAt = Math.max(tsMs, lastSeen == null ? tsMs : lastSeen) + config.idleTimeout().toMillis();
      context.timerService().registerEventTimeTimer(fireAt);
      idleTimerTsMs.update(fireAt);
    }
  }

  /** Silent since the timer was set? Clear everything; else wait until idle from the last event. */
  private void onIdleTimer(long timestamp, OnTimerContext context) throws Exception {
    long lastSeen = lastSeenTsMs.value();
    long idleAt = lastSeen + config.idleTimeout().toMillis();
    if (idleAt <= timestamp && pendingCrashes.isEmpty()) {
      samples.clear();
      latestDump.clear();
      recentFingerprints.clear();
      liveEpisode.clear();
      lastSeenTsMs.clear();
      idleTimerTsMs.clear();
      return;
    }
    long next = Math.max(idleAt, timestamp + 1);
    context.timerService().registerEventTimeTimer(next);
    idleTimerTsMs.update(next);
  }
}
