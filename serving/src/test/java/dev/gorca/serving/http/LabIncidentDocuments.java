package dev.gorca.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gorca.features.extract.CaseFolder;
import dev.gorca.features.extract.DumpShapeFeatures;
import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentEvidence;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.extract.MetricPoint;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentIds;
import dev.gorca.features.flink.InstanceEvents;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.contract.MetricSample;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import dev.gorca.model.registry.DirectoryModelRegistry;
import dev.gorca.model.scoring.ScoreResult;
import dev.gorca.model.scoring.ScoreResultJson;
import dev.gorca.model.scoring.Scorer;
import dev.gorca.serving.job.IncidentJson;
import dev.gorca.serving.job.ScoredIncident;
import dev.gorca.serving.store.IncidentType;
import dev.gorca.serving.store.RankedCause;
import dev.gorca.serving.store.StoredIncident;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Incidents as the streaming job writes them ({@code gorca.incident/v1}, {@link IncidentJson}), built from real
 * lab captures (crash, dump and metrics of go1.23) and scored by the shipped model; and the same as the store keeps
 * them. The capture's samples are shifted so the incident happens at the time a test names.
 */
final class LabIncidentDocuments implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path MODELS = LabCaptures.repoRoot().resolve("models");

  private final Scorer scorer = Scorer.current(new DirectoryModelRegistry(MODELS), FeatureSchema.current());

  static Path capture(String cause, String program) {
    return LabCaptures.repoRoot().resolve("lab/captures/go1.23").resolve(cause).resolve(program);
  }

  /** The incident JSON of the lab capture {@code cause/program} as crashed by {@code instance} at {@code tsMs}. */
  ObjectNode incident(String cause, String program, String service, String instance, long tsMs) {
    CaseFolder files;
    try {
      files = CaseFolder.read(capture(cause, program));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<MetricSample> samples = shifted(files.samples(), tsMs);
    GoTraceParser parser = new GoTraceParser();
    IncidentEvidence evidence = new EvidenceReader(parser)
        .read(files.crashText(), files.dumpText(), samples, tsMs, EvidenceReader.Death.UNKNOWN, tsMs);
    FeatureVector vector = IncidentFeatures.extract(evidence, FeatureSchema.current());
    long started = System.nanoTime();
    ScoreResult result = scorer.score(evidence);
    long scoringMicros = (System.nanoTime() - started) / 1000;

    Incident incident = new Incident();
    incident.service = service;
    incident.instance = instance;
    incident.tsMs = tsMs;
    incident.incidentId = IncidentIds.crash(service, instance, tsMs);
    incident.type = Incident.CRASH;
    incident.crash = new InstanceEvents(parser).crash(CrashEnvelope.of(service, instance, tsMs, files.crashText())).crash;
    incident.topBuckets = evidence.dump() != null
        ? DumpShapeFeatures.topBuckets(evidence.dump().goroutines(), 5).toArray(new dev.gorca.features.extract.BucketSummary[0])
        : incident.crash.topBuckets;
    incident.history = samples.stream().map(MetricPoint::of).toArray(MetricPoint[]::new);
    incident.featureSchema = vector.schemaVersion();
    incident.features = vector.values();
    incident.inputs = evidence.inputs().toArray(new String[0]);

    ScoredIncident scored = new ScoredIncident();
    scored.incident = incident;
    scored.modelId = result.modelId();
    scored.featureSchema = result.featureSchema();
    scored.topCause = result.top().get(0).rootCause();
    scored.topProbability = result.top().get(0).probability();
    scored.novel = result.novel();
    scored.scoreJson = ScoreResultJson.of(result).toString();
    scored.scoringMicros = scoringMicros;
    return IncidentJson.of(scored);
  }

  /** The samples moved in time so the last one is 150 ms before {@code crashTsMs}. */
  private static List<MetricSample> shifted(List<MetricSample> samples, long crashTsMs) {
    if (samples.isEmpty()) {
      return samples;
    }
    long shift = crashTsMs - 150 - samples.get(samples.size() - 1).tsMs();
    List<MetricSample> out = new ArrayList<>();
    for (MetricSample s : samples) {
      out.add(new MetricSample(s.tsMs() + shift, s.values()));
    }
    return out;
  }

  /** What the store keeps of an incident JSON: its columns and the whole document. */
  static StoredIncident stored(JsonNode json) {
    List<RankedCause> causes = new ArrayList<>();
    for (JsonNode top : json.path("top")) {
      causes.add(new RankedCause(top.get("root_cause").asText(), top.get("probability").asDouble()));
    }
    Map<String, Double> features = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("features").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      features.put(f.getKey(), f.getValue().isNumber() ? f.getValue().asDouble() : Double.NaN);
    }
    List<String> inputs = new ArrayList<>();
    json.path("inputs").forEach(i -> inputs.add(i.asText()));
    JsonNode crash = json.path("crash");
    return new StoredIncident(json.get("id").asText(), json.get("service").asText(), json.get("instance").asText(),
        json.get("ts_ms").asLong(), IncidentType.byId(json.get("type").asText()),
        crash.isObject() ? crash.path("kind").asText() : null, crash.isObject() ? crash.path("message").asText() : null,
        causes, json.path("model").path("id").asText(), json.path("model").path("feature_schema").asText(), features,
        json.path("explanation").toString(), json.path("suspect").toString(), inputs,
        json.path("novelty").path("score").asDouble(Double.NaN), json.toString(), null);
  }

  /** The document with its top causes replaced: to set up a review queue with known margins. */
  static ObjectNode withTop(ObjectNode json, String first, double p1, String second, double p2, String third,
      double p3) {
    ObjectNode copy = json.deepCopy();
    var top = copy.putArray("top");
    top.addObject().put("root_cause", first).put("probability", p1);
    top.addObject().put("root_cause", second).put("probability", p2);
    top.addObject().put("root_cause", third).put("probability", p3);
    return copy;
  }

  @Override
  public void close() {
    scorer.close();
  }
}
