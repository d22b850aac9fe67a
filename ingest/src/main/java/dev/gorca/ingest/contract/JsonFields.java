package dev.gorca.ingest.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed reads of one JSON object's fields, raising {@link FieldProblem} with MISSING_FIELD or WRONG_TYPE.
 * JSON null counts as absent: for an optional field that is the same as leaving it out.
 */
final class JsonFields {
  private final ObjectNode object;
  private final String context;

  /** @param context how the object is named in "what to do" hints, e.g. "every gorca.crash/v1 envelope" */
  JsonFields(ObjectNode object, String context) {
    this.object = object;
    this.context = context;
  }

  String requiredString(String field, String expected) {
    JsonNode node = present(field, expected);
    if (!node.isTextual()) {
      throw wrongType(field, expected, node, "send it as a JSON string");
    }
    return node.textValue();
  }

  String optionalString(String field, String expected) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(field, expected, node, "send it as a JSON string or leave it out");
    }
    return node.textValue();
  }

  long requiredEpochMillis(String field) {
    String expected = "an integer number of milliseconds since the epoch";
    JsonNode node = present(field, expected);
    if (!node.isIntegralNumber()) {
      throw wrongType(field, expected, node, "send it as a JSON integer such as 1700000000000");
    }
    if (!node.canConvertToLong()) {
      throw new FieldProblem(RejectReason.INVALID_VALUE, field, "expected milliseconds since the epoch up to "
          + Fields.MAX_TS_MS + ", found " + node.asText() + "; send the event time in milliseconds");
    }
    return node.longValue();
  }

  long requiredLong(String field, String expected) {
    JsonNode node = present(field, expected);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(field, expected, node, "send it as a JSON integer");
    }
    return node.longValue();
  }

  Integer optionalInt(String field, String expected) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw wrongType(field, expected, node, "send it as a JSON integer or leave it out");
    }
    if (!node.canConvertToInt()) {
      throw new FieldProblem(RejectReason.INVALID_VALUE, field, "expected " + expected + " between "
          + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + ", found " + node.asText()
          + "; send the process's exit status");
    }
    return node.intValue();
  }

  /** The field's node when present and not null, else null. */
  JsonNode optional(String field) {
    JsonNode node = object.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private JsonNode present(String field, String expected) {
    JsonNode node = object.get(field);
    if (node == null) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, field, "expected " + expected
          + ", found no such field; " + context + " needs " + field);
    }
    if (node.isNull()) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, field, "expected " + expected
          + ", found null; " + context + " needs " + field);
    }
    return node;
  }

  static FieldProblem wrongType(String field, String expected, JsonNode found, String toDo) {
    return new FieldProblem(RejectReason.WRONG_TYPE, field, "expected " + expected + ", found "
        + describe(found) + "; " + toDo);
  }

  /** "a string \"abc\"", "a fractional number 1.5", "an array", ... */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "a string " + Quote.of(node.textValue());
    }
    if (node.isIntegralNumber()) {
      return "an integer " + node.asText();
    }
    if (node.isNumber()) {
      return "a fractional number " + node.asText();
    }
    if (node.isBoolean()) {
      return "a boolean " + node.asText();
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
