package dev.gorca.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.serving.store.IncidentFilter;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads request parameters and bodies, turning bad input into typed 400/415 answers. */
final class Requests {
  static final int DEFAULT_PAGE = 50;

  private Requests() {}

  /** The list filter from {@code limit, service, root_cause, labelled, before, min_confidence}. */
  static IncidentFilter filter(Context ctx) {
    IncidentFilter filter = IncidentFilter.newest(intParam(ctx, "limit", DEFAULT_PAGE, 1, IncidentFilter.MAX_LIMIT));
    String service = blankToNull(ctx.queryParam("service"));
    if (service != null) {
      filter = filter.service(service);
    }
    String rootCause = blankToNull(ctx.queryParam("root_cause"));
    if (rootCause != null) {
      filter = filter.rootCause(rootCause(rootCause));
    }
    String labelled = blankToNull(ctx.queryParam("labelled"));
    if (labelled != null) {
      if (!labelled.equals("true") && !labelled.equals("false")) {
        throw ApiException.badRequest("expected labelled=true or labelled=false, found \"" + labelled + "\"");
      }
      filter = filter.labelled(Boolean.parseBoolean(labelled));
    }
    String before = blankToNull(ctx.queryParam("before"));
    if (before != null) {
      filter = filter.before(longParam("before", before));
    }
    String minConfidence = blankToNull(ctx.queryParam("min_confidence"));
    if (minConfidence != null) {
      double value;
      try {
        value = Double.parseDouble(minConfidence);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value >= 0 && value <= 1)) {
        throw ApiException.badRequest("expected min_confidence in [0, 1] such as 0.5, found \"" + minConfidence + "\"");
      }
      filter = filter.minConfidence(value);
    }
    return filter;
  }

  static String rootCause(String id) {
    try {
      return RootCause.fromId(id).id();
    } catch (IllegalArgumentException e) {
      throw ApiException.unknownRootCause(e.getMessage());
    }
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = blankToNull(ctx.queryParam(name));
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("expected " + name + " to be a whole number in " + min + ".." + max + ", found \""
        + raw + "\"");
  }

  private static long longParam(String name, String raw) {
    try {
      long value = Long.parseLong(raw);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("expected " + name + " to be epoch milliseconds such as 1700000000000, found \""
        + raw + "\"");
  }

  /**
   * The JSON body of a POST; 415 unless it is declared as JSON, 400 unless it parses, 413 over {@code maxBytes}
   * (read with a bound: a chunked body has no Content-Length to check up front).
   */
  static JsonNode jsonBody(Context ctx, long maxBytes) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw ApiException.unsupportedMediaType(type);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw ApiException.badRequest("cannot read the body: " + e.getMessage());
    }
    if (body.length > maxBytes) {
      throw ApiException.tooLarge(maxBytes);
    }
    try {
      JsonNode node = IncidentViews.JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("expected a JSON object in the body, found an empty body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("expected a JSON body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("cannot read the body: " + e.getMessage());
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
