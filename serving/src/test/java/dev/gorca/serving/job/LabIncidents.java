package dev.gorca.serving.job;

import dev.gorca.features.extract.EvidenceReader;
import dev.gorca.features.extract.IncidentFeatures;
import dev.gorca.features.flink.Incident;
import dev.gorca.features.flink.IncidentIds;
import dev.gorca.features.flink.InstanceEvents;
import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.contract.CrashEnvelope;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Crash-only incidents built from real lab captures, the way the assembler would build them. */
final class LabIncidents {
  private LabIncidents() {}

  static Path capture(String cause, String program) {
    return LabCaptures.repoRoot().resolve("lab/captures/go1.23").resolve(cause).resolve(program);
  }

  static Incident crashOnly(String cause, String program, String instance, long tsMs) {
    String text;
    try {
      text = Files.readString(capture(cause, program).resolve("crash.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GoTraceParser parser = new GoTraceParser();
    FeatureVector vector = IncidentFeatures.extract(new EvidenceReader(parser)
        .read(text, null, List.of(), tsMs, EvidenceReader.Death.UNKNOWN, tsMs), FeatureSchema.current());
    Incident incident = new Incident();
    incident.service = "lab";
    incident.instance = instance;
    incident.tsMs = tsMs;
    incident.incidentId = IncidentIds.crash(incident.service, instance, tsMs);
    incident.type = Incident.CRASH;
    incident.crash = new InstanceEvents(parser).crash(CrashEnvelope.of("lab", instance, tsMs, text)).crash;
    incident.topBuckets = incident.crash.topBuckets;
    incident.featureSchema = vector.schemaVersion();
    incident.features = vector.values();
    incident.inputs = new String[] {"crash"};
    return incident;
  }
}
