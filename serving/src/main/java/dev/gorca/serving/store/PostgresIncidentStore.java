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
      + " ORDER BY i.ts_ms DESC, i.incident_id DESC LIMIT ?";

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
      s.setInt(9, filter.limit());
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
