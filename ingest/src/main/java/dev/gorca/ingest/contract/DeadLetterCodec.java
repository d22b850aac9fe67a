package dev.gorca.ingest.contract;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes {@link DeadLetter}s as JSON (docs/events.md, "Dead letters") and reads them back for tools that
 * inspect or replay the dead-letter topic. Unlike {@link EnvelopeCodec}, {@link #decode} throws: dead
 * letters are written only by gorca, so a bad one is a bug, not input.
 */
public final class DeadLetterCodec {
  /** Base64 of the largest dump plus the other fields. */
  private static final int MAX_STRING_CHARS = (EnvelopeLimits.DEFAULT.largest() / 3 + 1) * 4 + 1024;

  private final ObjectMapper mapper;

  public DeadLetterCodec() {
    this.mapper = EnvelopeCodec.strictMapper(MAX_STRING_CHARS);
  }

  public byte[] encode(DeadLetter letter) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512 + letter.original().length * 4 / 3);
    try (JsonGenerator generator = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      generator.writeStringField("schema", DeadLetter.SCHEMA);
      generator.writeStringField("source_topic", letter.sourceTopic());
      generator.writeNumberField("partition", letter.partition());
      generator.writeNumberField("offset", letter.offset());
      generator.writeStringField("reason", letter.reason().name());
      generator.writeStringField("field", letter.field());
      generator.writeStringField("message", letter.message());
      generator.writeNumberField("ts_ms", letter.tsMs());
      generator.writeNumberField("original_size", letter.originalSize());
      generator.writeBooleanField("original_truncated", letter.truncated());
      generator.writeStringField("original_base64", Base64.getEncoder().encodeToString(letter.original()));
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** @throws IllegalArgumentException naming the field when the bytes are not a gorca.dlq/v1 record */
  public DeadLetter decode(byte[] json) {
    ObjectNode object;
    try {
      JsonNode root = mapper.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("expected a " + DeadLetter.SCHEMA + " JSON object, found "
            + (root == null || root.isMissingNode() ? "nothing" : JsonFields.describe(root)));
      }
      object = (ObjectNode) root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("expected a " + DeadLetter.SCHEMA + " JSON object, found malformed JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      JsonFields fields = new JsonFields(object, "every dead letter");
      String schema = fields.requiredString("schema", DeadLetter.SCHEMA);
      if (!schema.equals(DeadLetter.SCHEMA)) {
        throw new IllegalArgumentException("schema: expected " + DeadLetter.SCHEMA + ", found " + Quote.of(schema));
      }
      RejectReason reason = reason(fields.requiredString("reason", "a reject reason"));
      byte[] original = Base64.getDecoder().decode(fields.requiredString("original_base64", "base64 text"));
      Integer originalSize = fields.optionalInt("original_size", "a size in bytes");
      return new DeadLetter(fields.requiredString("source_topic", "a topic name"),
          intField(fields, "partition"), fields.requiredLong("offset", "a Kafka offset"), reason,
          fields.requiredString("field", "a field name"), fields.requiredString("message", "a message"),
          fields.requiredEpochMillis("ts_ms"), original, originalSize == null ? original.length : originalSize);
    } catch (FieldProblem problem) {
      throw new IllegalArgumentException(problem.getMessage());
    }
  }

  private static RejectReason reason(String name) {
    for (RejectReason reason : RejectReason.values()) {
      if (reason.name().equals(name)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("reason: expected one of " + java.util.Arrays.toString(RejectReason.values())
        + ", found " + Quote.of(name));
  }

  private static int intField(JsonFields fields, String name) {
    Integer value = fields.optionalInt(name, "an integer");
    if (value == null) {
      throw new IllegalArgumentException(name + ": expected an integer, found nothing");
    }
    return value;
  }
}
