package dev.gorca.serving.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** The incident store on PostgreSQL. Creates or upgrades its schema when opened; every statement is prepared. */
public final class PostgresIncidentStore implements IncidentStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** SQLSTATE foreign_key_violation. */
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private static final String COLUMNS = "i.incident_id, i.service, i.instance, i.ts_ms, i.type, i.crash_kind,"
      + " i.crash_message, i.causes::text, i.model_id, i.feature_schema, i.features::text, i.explanation::text,"
      + " i.suspect::text, i.inputs::text, i.novelty, i.document::text, i.created_at";

  private static final String UPSERT = "INSERT INTO incidents (incident_id, service, instance, ts_ms, type,"
      + " crash_kind, crash_message, causes, model_id, feature_schema, features, explanation, suspect, inputs, novelty,"
      + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb)"
      + " ON CONFLICT (incident_id) DO UPDATE SET service = excluded.service, instance = excluded.instance,"
      + " ts_ms = excluded.ts_ms, type = excluded.type, crash_kind = excluded.crash_kind,"
      + " crash_message = excluded.crash_message, causes = excluded.causes, model_id = excluded.model_id,"
      + " feature_schema = excluded.feature_schema, features = excluded.features,"
      + " explanation = excluded.explanation, suspect = excluded.suspect, inputs = excluded.inputs,"
      + " novelty = excluded.novelty, document = excluded.document";

  /** The root cause an incident is filed under: its latest label's, else the model's top cause. */
  private static final String ROOT_CAUSE = "coalesce((SELECT l.root_cause FROM labels l"
      + " WHERE l.incident_id = i.incident_id ORDER BY l.ts_ms DESC LIMIT 1), i.causes -> 0 ->> 'cause')";

  private static final String LIST = "SELECT " + COLUMNS + " FROM incidents i"
      + " WHERE (?::text IS NULL OR i.service = ?)"
      + " AND (?::text IS NULL OR " + ROOT_CAUSE + " = ?)"
      + " AND (?::boolean IS NULL OR EXISTS (SELECT 1 FROM labels l WHERE l.incident_id = i.incident_id) = ?)"
      + " AND (?::bigint IS NULL OR i.ts_ms < ?)"
      + " AND (?::float8 IS NULL OR (i.causes -> 0 ->> 'probability')::float8 >= ?)"
      + " ORDER BY i.ts_ms DESC, i.incident_id DESC LIMIT ?";

  /** Same expression as the V3 index incidents_margin, so the queue can use it. */
  private static final String MARGIN = "((i.causes -> 0 ->> 'probability')::double precision"
      + " - coalesce((i.causes -> 1 ->> 'probability')::double precision, 0))";

  private static final String REVIEW_QUEUE = "SELECT " + COLUMNS + ", " + MARGIN + " FROM incidents i"
      + " WHERE NOT EXISTS (SELECT 1 FROM labels l WHERE l.incident_id = i.incident_id)"
      + " ORDER BY " + MARGIN + ", i.ts_ms DESC, i.incident_id DESC LIMIT ?";

  private static final String SIMILAR = "SELECT " + COLUMNS + " FROM incidents i, incidents o"
      + " WHERE o.incident_id = ? AND i.incident_id <> o.incident_id AND ("
      + " (coalesce(o.document -> 'crash' ->> 'fingerprint', '') <> ''"
      + "   AND i.document -> 'crash' ->> 'fingerprint' = o.document -> 'crash' ->> 'fingerprint')"
      + " OR (coalesce(o.document -> 'buckets' -> 0 ->> 'function', '') <> ''"
      + "   AND i.document -> 'buckets' -> 0 ->> 'function' = o.document -> 'buckets' -> 0 ->> 'function'))"
      + " ORDER BY i.ts_ms DESC, i.incident_id DESC LIMIT ?";

  private static final String LABEL_COLUMNS = "l.incident_id, l.root_cause, l.operator, l.comment, l.ts_ms";

  private static final String LATEST_LABELS = "SELECT DISTINCT ON (l.incident_id) " + LABEL_COLUMNS
      + " FROM labels l WHERE l.incident_id = ANY (?) ORDER BY l.incident_id, l.ts_ms DESC, l.operator";

  private static final long DAY_MS = 86_400_000L;

  private static final String AGREEMENT = "SELECT (l.ts_ms / " + DAY_MS + ") * " + DAY_MS + " AS day,"
      + " count(*), count(*) FILTER (WHERE l.root_cause = i.causes -> 0 ->> 'cause')"
      + " FROM labels l JOIN incidents i ON i.incident_id = l.incident_id"
      + " WHERE l.ts_ms >= ? GROUP BY day ORDER BY day";

  private static final String LABELS_SINCE = "SELECT l.incident_id, l.root_cause, l.operator, l.comment, l.ts_ms, "
      + COLUMNS + " FROM labels l JOIN incidents i ON i.incident_id = l.incident_id"
      + " WHERE l.ts_ms >= ? ORDER BY l.ts_ms, l.incident_id, l.operator";

  private final DataSource dataSource;

  private PostgresIncidentStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens the store on {@code dataSource}, creating or upgrading the schema first. */
  public static PostgresIncidentStore open(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    SchemaMigrations.migrate(dataSource);
    return new PostgresIncidentStore(dataSource);
  }

  @Override
  public void upsertIncident(StoredIncident incident) {
    Objects.requireNonNull(incident, "incident == null");
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(UPSERT)) {
      s.setString(1, incident.incidentId());
      s.setString(2, incident.service());
      s.setString(3, incident.instance());
      s.setLong(4, incident.tsMs());
      s.setString(5, incident.type().id());
      s.setString(6, incident.crashKind());
      s.setString(7, incident.crashMessage());
      s.setString(8, causesJson(incident.causes()));
      s.setString(9, incident.modelId());
      s.setString(10, incident.featureSchema());
      s.setString(11, featuresJson(incident.features()));
      s.setString(12, incident.explanationJson());
      s.setString(13, incident.suspectJson());
      s.setString(14, write(JSON.valueToTree(incident.inputs())));
      if (Double.isFinite(incident.novelty())) {
        s.setDouble(15, incident.novelty());
      } else {
        s.setNull(15, Types.DOUBLE);
      }
      s.setString(16, incident.documentJson());
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("store incident " + incident.incidentId(), e);
    }
  }

  @Override
  public Optional<StoredIncident> find(String incidentId) {
    Objects.requireNonNull(incidentId, "incidentId == null");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM incidents i WHERE incident_id = ?")) {
      s.setString(1, incidentId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(incident(rs, 1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("read incident " + incidentId, e);
    }
  }

  @Override
  public List<StoredIncident> list(IncidentFilter filter) {
    Objects.requireNonNull(filter, "filter == null");
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIST)) {
      s.setString(1, filter.service());
      s.setString(2, filter.service());
      s.setString(3, filter.rootCause());
      s.setString(4, filter.rootCause());
      s.setObject(5, filter.labelled(), Types.BOOLEAN);
      s.setObject(6, filter.labelled(), Types.BOOLEAN);
      s.setObject(7, filter.beforeTsMs(), Types.BIGINT);
      s.setObject(8, filter.beforeTsMs(), Types.BIGINT);
      s.setObject(9, filter.minConfidence(), Types.DOUBLE);
      s.setObject(10, filter.minConfidence(), Types.DOUBLE);
      s.setInt(11, filter.limit());
      List<StoredIncident> incidents = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          incidents.add(incident(rs, 1));
        }
      }
      return incidents;
    } catch (SQLException e) {
      throw failure("list incidents for " + filter, e);
    }
  }

  @Override
  public void addLabel(Label label) {
    Objects.requireNonNull(label, "label == null");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO labels (incident_id, root_cause, operator, comment,"
            + " ts_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_id, operator, ts_ms) DO UPDATE SET"
            + " root_cause = excluded.root_cause, comment = excluded.comment")) {
      s.setString(1, label.incidentId());
      s.setString(2, label.rootCause());
      s.setString(3, label.operator());
      s.setString(4, label.comment());
      s.setLong(5, label.tsMs());
      s.executeUpdate();
    } catch (SQLException e) {
      if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        throw new IllegalArgumentException("expected a stored incident with id " + label.incidentId()
            + " to label, found none; store the incident first", e);
      }
      throw failure("store label for " + label.incidentId(), e);
    }
  }

  @Override
  public List<LabelledIncident> labelsSince(long sinceTsMs) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LABELS_SINCE)) {
      s.setLong(1, sinceTsMs);
      List<LabelledIncident> labelled = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Label label = new Label(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
          labelled.add(new LabelledIncident(label, incident(rs, 6)));
        }
      }
      return labelled;
    } catch (SQLException e) {
      throw failure("read labels since ts_ms " + sinceTsMs, e);
    }
  }

  @Override
  public void recordModel(String modelId, Instant promotedAt, String metricsJson) {
    Objects.requireNonNull(modelId, "modelId == null");
    Objects.requireNonNull(promotedAt, "promotedAt == null");
    Objects.requireNonNull(metricsJson, "metricsJson == null");
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO model_versions (model_id, promoted_at, metrics)"
            + " VALUES (?, ?, ?::jsonb) ON CONFLICT (model_id) DO UPDATE SET promoted_at = excluded.promoted_at,"
            + " metrics = excluded.metrics")) {
      s.setString(1, modelId);
      s.setTimestamp(2, Timestamp.from(promotedAt));
      s.setString(3, metricsJson);
      s.executeUpdate();
    } catch (SQLException e) {
      throw failure("record model " + modelId, e);
    }
  }

  @Override
  public List<Label> labels(String incidentId) {
    Objects.requireNonNull(incidentId, "incidentId == null");
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT "
        + LABEL_COLUMNS + " FROM labels l WHERE l.incident_id = ? ORDER BY l.ts_ms DESC, l.operator")) {
      s.setString(1, incidentId);
      List<Label> labels = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          labels.add(label(rs));
        }
      }
      return labels;
    } catch (SQLException e) {
      throw failure("read the labels of " + incidentId, e);
    }
  }

  @Override
  public Map<String, Label> latestLabels(Collection<String> incidentIds) {
    Objects.requireNonNull(incidentIds, "incidentIds == null");
    if (incidentIds.isEmpty()) {
      return Map.of();
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LATEST_LABELS)) {
      s.setArray(1, c.createArrayOf("text", incidentIds.toArray()));
      Map<String, Label> latest = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Label label = label(rs);
          latest.put(label.incidentId(), label);
        }
      }
      return latest;
    } catch (SQLException e) {
      throw failure("read the latest labels of " + incidentIds.size() + " incidents", e);
    }
  }

  @Override
  public List<ReviewItem> reviewQueue(int limit) {
    requireLimit(limit);
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(REVIEW_QUEUE)) {
      s.setInt(1, limit);
      List<ReviewItem> queue = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          queue.add(new ReviewItem(incident(rs, 1), rs.getDouble(18)));
        }
      }
      return queue;
    } catch (SQLException e) {
      throw failure("read the review queue", e);
    }
  }

  @Override
  public List<StoredIncident> similar(String incidentId, int limit) {
    Objects.requireNonNull(incidentId, "incidentId == null");
    requireLimit(limit);
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SIMILAR)) {
      s.setString(1, incidentId);
      s.setInt(2, limit);
      List<StoredIncident> similar = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          similar.add(incident(rs, 1));
        }
      }
      return similar;
    } catch (SQLException e) {
      throw failure("find incidents similar to " + incidentId, e);
    }
  }

  @Override
  public List<LabelAgreement> labelAgreement(long sinceTsMs) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(AGREEMENT)) {
      s.setLong(1, sinceTsMs);
      List<LabelAgreement> days = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          days.add(new LabelAgreement(rs.getLong(1), rs.getInt(2), rs.getInt(3)));
        }
      }
      return days;
    } catch (SQLException e) {
      throw failure("read label agreement since ts_ms " + sinceTsMs, e);
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > IncidentFilter.MAX_LIMIT) {
      throw new IllegalArgumentException("expected a limit in 1.." + IncidentFilter.MAX_LIMIT + ", found " + limit);
    }
  }

  private static Label label(ResultSet rs) throws SQLException {
    return new Label(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
  }

  /** Reads the {@link #COLUMNS} starting at column {@code first}. */
  private static StoredIncident incident(ResultSet rs, int first) throws SQLException {
    int i = first;
    double novelty = rs.getDouble(i + 14);
    if (rs.wasNull()) {
      novelty = Double.NaN;
    }
    return new StoredIncident(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2), rs.getLong(i + 3),
        IncidentType.byId(rs.getString(i + 4)), rs.getString(i + 5), rs.getString(i + 6), causes(rs.getString(i + 7)),
        rs.getString(i + 8), rs.getString(i + 9), features(rs.getString(i + 10)), rs.getString(i + 11),
        rs.getString(i + 12), inputs(rs.getString(i + 13)), novelty, rs.getString(i + 15),
        rs.getTimestamp(i + 16).toInstant());
  }

  static String causesJson(List<RankedCause> causes) {
    ArrayNode array = JSON.createArrayNode();
    for (RankedCause cause : causes) {
      array.addObject().put("cause", cause.cause()).put("probability", cause.probability());
    }
    return write(array);
  }

  /** JSON has no NaN or infinities: a value that is not finite is written as null ("not measured"). */
  static String featuresJson(Map<String, Double> features) {
    ObjectNode object = JSON.createObjectNode();
    features.forEach((name, value) -> {
      if (value == null || !Double.isFinite(value)) {
        object.putNull(name);
      } else {
        object.put(name, value);
      }
    });
    return write(object);
  }

  private static List<RankedCause> causes(String json) {
    List<RankedCause> causes = new ArrayList<>();
    for (JsonNode node : read(json)) {
      causes.add(new RankedCause(node.get("cause").asText(), node.get("probability").asDouble()));
    }
    return causes;
  }

  static Map<String, Double> features(String json) {
    Map<String, Double> features = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = read(json).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      features.put(field.getKey(), field.getValue().isNull() ? Double.NaN : field.getValue().asDouble());
    }
    return features;
  }

  private static List<String> inputs(String json) {
    List<String> inputs = new ArrayList<>();
    read(json).forEach(node -> inputs.add(node.asText()));
    return inputs;
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("expected JSON in the incident store, found: " + json, e);
    }
  }

  private static IllegalStateException failure(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
  }
}
