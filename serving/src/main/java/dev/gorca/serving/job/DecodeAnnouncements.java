package dev.gorca.serving.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads model announcements, {@code {"registry": "/models", "model_id": "gorca-..."}}, from the models
 * topic. A record that is not one is logged and counted ({@code malformedAnnouncements}), never fatal.
 */
public final class DecodeAnnouncements extends RichFlatMapFunction<RawRecord, ModelAnnouncement> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeAnnouncements.class);
  public static final String UID = "decode-model-announcements";

  private transient ObjectMapper mapper;
  private transient Counter malformed;

  @Override
  public void open(OpenContext context) {
    mapper = new ObjectMapper();
    malformed = getRuntimeContext().getMetricGroup().counter("malformedAnnouncements");
  }

  @Override
  public void flatMap(RawRecord record, Collector<ModelAnnouncement> out) {
    try {
      JsonNode node = record.value == null ? null : mapper.readTree(record.value);
      if (node != null && node.path("registry").isTextual() && node.path("model_id").isTextual()) {
        out.collect(ModelAnnouncement.of(node.get("registry").asText(), node.get("model_id").asText()));
        return;
      }
    } catch (java.io.IOException | RuntimeException e) {
      // fall through: logged below
    }
    malformed.inc();
    LOG.warn("ignored {}: expected {{\"registry\": DIR, \"model_id\": ID}}", record);
  }
}
