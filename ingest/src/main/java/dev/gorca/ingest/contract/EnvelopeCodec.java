package dev.gorca.ingest.contract;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes envelopes as UTF-8 JSON (docs/events.md). {@link #decode} never throws: anything it cannot
 * turn into an {@link Envelope} comes back as a {@link Decoded.Rejected} that names the field, what was
 * expected, what was found and what to do. Unknown fields are ignored, so producers may add fields within
 * a version. Thread-safe; build one per limits and share it.
 */
public final class EnvelopeCodec {
  private final EnvelopeLimits limits;
  private final ObjectMapper mapper;

  public EnvelopeCodec() {
    this(EnvelopeLimits.DEFAULT);
  }

  public EnvelopeCodec(EnvelopeLimits limits) {
    this.limits = limits;
    this.mapper = strictMapper(limits.largest());
  }

  public EnvelopeLimits limits() {
    return limits;
  }

  /**
   * A mapper that refuses duplicate keys and trailing content, and whose string limit admits the largest
   * record (Jackson's default of 20M chars would refuse big dumps).
   */
  static ObjectMapper strictMapper(int maxStringChars) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxStringChars).build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public Decoded decode(byte[] record) {
    if (record == null) {
      return reject(new byte[0], RejectReason.MALFORMED_JSON, "expected a JSON envelope, found a null record value "
          + "(a tombstone); gorca topics are not compacted, do not send null values");
    }
    try {
      return new Decoded.Accepted(read(record));
    } catch (FieldProblem problem) {
      return new Decoded.Rejected(problem.rejection(), record);
    } catch (RuntimeException | StackOverflowError bug) {
      // Last resort so one record can never stop a stream; a test feeds mutated records to keep this unused.
      return reject(record, RejectReason.MALFORMED_JSON, "could not decode the record (" + bug
          + "); this is a bug in gorca's EnvelopeCodec: report it with this dead letter");
    }
  }

  public byte[] encode(Envelope envelope) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      generator.writeStringField("schema", envelope.schema().id());
      // Java 17 has no pattern switch; the schema says which record it is.
      switch (envelope.schema()) {
        case CRASH -> writeCrash(generator, (CrashEnvelope) envelope);
        case METRICS -> writeMetrics(generator, (MetricsEnvelope) envelope);
        case DUMP -> writeDump(generator, (DumpEnvelope) envelope);
        case LABEL -> writeLabel(generator, (LabelEnvelope) envelope);
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private Envelope read(byte[] record) {
    if (record.length > limits.largest()) {
      throw oversize(record.length, limits.largest(), "any envelope");
    }
    int invalid = Utf8.firstInvalidByte(record, 0, record.length);
    if (invalid >= 0) {
      throw new FieldProblem(RejectReason.NOT_UTF8, Rejection.WHOLE_RECORD, "expected UTF-8 JSON, found "
          + Utf8.describeInvalid(record, invalid) + "; encode the envelope as UTF-8 (Go's encoding/json does)");
    }
    ObjectNode object = parseObject(new String(record, StandardCharsets.UTF_8));
    EnvelopeSchema schema = readSchema(object);
    if (record.length > limits.maxBytes(schema)) {
      throw oversize(record.length, limits.maxBytes(schema), schema.id());
    }
    JsonFields fields = new JsonFields(object, "every " + schema.id() + " envelope");
    try {
      return switch (schema) {
        case CRASH -> readCrash(fields);
        case METRICS -> readMetrics(fields);
        case DUMP -> readDump(fields);
        case LABEL -> readLabel(fields);
      };
    } catch (InvalidFieldException e) {
      throw new FieldProblem(RejectReason.INVALID_VALUE, e.field(), e.problem());
    }
  }

  private ObjectNode parseObject(String json) {
    // The JSON spec allows a byte-order mark before UTF-8 text; some producers write one.
    String text = !json.isEmpty() && json.charAt(0) == '\uFEFF' ? json.substring(1) : json;
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new FieldProblem(RejectReason.MALFORMED_JSON, Rejection.WHOLE_RECORD, "expected one JSON object, "
          + "found malformed JSON" + where + ": " + e.getOriginalMessage()
          + "; write the envelope with a JSON encoder");
    }
    if (root == null || root.isMissingNode()) {
      throw new FieldProblem(RejectReason.MALFORMED_JSON, Rejection.WHOLE_RECORD, "expected one JSON object, "
          + "found " + (text.isEmpty() ? "an empty record" : "only whitespace") + "; send the envelope as the record value");
    }
    if (!root.isObject()) {
      throw JsonFields.wrongType(Rejection.WHOLE_RECORD, "a JSON object", root,
          "send one envelope object per record, e.g. {\"schema\":\"gorca.crash/v1\",...}");
    }
    return (ObjectNode) root;
  }

  private static EnvelopeSchema readSchema(ObjectNode object) {
    String expected = "a schema id, one of " + EnvelopeSchema.knownIds();
    String id = new JsonFields(object, "every envelope").requiredString("schema", expected);
    return EnvelopeSchema.byId(id).orElseThrow(() -> {
      String toDo = EnvelopeSchema.sameTypeAs(id)
          .map(known -> "this consumer reads only " + known.id() + " of " + known.type()
              + "; produce " + known.id() + " or upgrade the consumer")
          .orElse("set schema to one of the known ids");
      return new FieldProblem(RejectReason.UNKNOWN_SCHEMA, "schema", "expected " + expected + ", found "
          + Quote.of(id) + "; " + toDo);
    });
  }

  private FieldProblem oversize(int size, int limit, String what) {
    return new FieldProblem(RejectReason.OVERSIZE, Rejection.WHOLE_RECORD, "expected at most "
        + EnvelopeLimits.describe(limit) + " for " + what + ", found " + size + " bytes; send less "
        + "(the tail of stderr, one scrape) or raise the limit in EnvelopeLimits and the topic's max.message.bytes");
  }

  private static String service(JsonFields fields) {
    return fields.requiredString("service", "the service name as a string");
  }

  private static String instance(JsonFields fields) {
    return fields.requiredString("instance", "the instance name as a string");
  }

  private static CrashEnvelope readCrash(JsonFields fields) {
    return new CrashEnvelope(service(fields), instance(fields), fields.requiredEpochMillis("ts_ms"),
        fields.requiredString("text", "the stderr tail as a string"),
        fields.optionalInt("exit_code", "an integer exit status"),
        fields.optionalString("signal", "a signal name such as \"SIGKILL\""),
        fields.optionalString("reason", "a termination reason such as \"OOMKilled\""),
        fields.optionalString("go_version", "a Go version such as \"go1.21.5\""));
  }

  private static MetricsEnvelope readMetrics(JsonFields fields) {
    String service = service(fields);
    String instance = instance(fields);
    long tsMs = fields.requiredEpochMillis("ts_ms");
    String body = fields.optionalString("body", "Prometheus text as a string");
    JsonNode valuesNode = fields.optional("values");
    if (body == null && valuesNode == null) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, "body", "expected exactly one of body (Prometheus text) "
          + "or values (flat numbers), found neither; put the scrape in body");
    }
    if (valuesNode != null && !valuesNode.isObject()) {
      throw JsonFields.wrongType("values", "an object of series key to number", valuesNode,
          "send {\"go_goroutines\": 12, ...}");
    }
    return new MetricsEnvelope(service, instance, tsMs, body,
        valuesNode == null ? null : FlatValues.read(valuesNode, "values", null));
  }

  private static DumpEnvelope readDump(JsonFields fields) {
    return new DumpEnvelope(service(fields), instance(fields), fields.requiredEpochMillis("ts_ms"),
        fields.requiredString("text", "a goroutine dump as a string"));
  }

  private static LabelEnvelope readLabel(JsonFields fields) {
    return new LabelEnvelope(fields.requiredEpochMillis("ts_ms"),
        fields.requiredString("incident_id", "the incident id as a string"),
        fields.requiredString("root_cause", "a root-cause id such as \"goroutine_leak\""),
        fields.requiredString("operator", "the operator's name as a string"),
        fields.optionalString("comment", "a comment string"),
        fields.optionalString("service", "the service name as a string"),
        fields.optionalString("instance", "the instance name as a string"));
  }

  private static void writeCrash(JsonGenerator generator, CrashEnvelope crash) throws IOException {
    writeSource(generator, crash);
    generator.writeStringField("text", crash.text());
    if (crash.exitCode() != null) {
      generator.writeNumberField("exit_code", crash.exitCode());
    }
    writeOptional(generator, "signal", crash.signal());
    writeOptional(generator, "reason", crash.reason());
    writeOptional(generator, "go_version", crash.goVersion());
  }

  private static void writeMetrics(JsonGenerator generator, MetricsEnvelope metrics) throws IOException {
    writeSource(generator, metrics);
    if (metrics.hasBody()) {
      generator.writeStringField("body", metrics.body());
    } else {
      generator.writeObjectFieldStart("values");
      FlatValues.write(generator, metrics.values());
      generator.writeEndObject();
    }
  }

  private static void writeDump(JsonGenerator generator, DumpEnvelope dump) throws IOException {
    writeSource(generator, dump);
    generator.writeStringField("text", dump.text());
  }

  private static void writeLabel(JsonGenerator generator, LabelEnvelope label) throws IOException {
    writeOptional(generator, "service", label.service());
    writeOptional(generator, "instance", label.instance());
    generator.writeNumberField("ts_ms", label.tsMs());
    generator.writeStringField("incident_id", label.incidentId());
    generator.writeStringField("root_cause", label.rootCause());
    generator.writeStringField("operator", label.operator());
    writeOptional(generator, "comment", label.comment());
  }

  private static void writeSource(JsonGenerator generator, ServiceEnvelope envelope) throws IOException {
    generator.writeStringField("service", envelope.service());
    generator.writeStringField("instance", envelope.instance());
    generator.writeNumberField("ts_ms", envelope.tsMs());
  }

  private static void writeOptional(JsonGenerator generator, String field, String value) throws IOException {
    if (value != null) {
      generator.writeStringField(field, value);
    }
  }

  private static Decoded reject(byte[] original, RejectReason reason, String problem) {
    return new Decoded.Rejected(Rejection.of(reason, Rejection.WHOLE_RECORD, problem), original);
  }
}
