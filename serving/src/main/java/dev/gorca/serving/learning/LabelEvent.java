package dev.gorca.serving.learning;

import dev.gorca.serving.store.Label;
import java.util.Objects;

/** An operator's label as the stream carries it, decoded from a {@code gorca.label/v1} envelope. A Flink POJO. */
public final class LabelEvent {
  public String incidentId;
  public String rootCause;
  public String operator;
  public String comment = "";
  public long tsMs;

  public LabelEvent() {}

  public static LabelEvent of(String incidentId, String rootCause, String operator, String comment, long tsMs) {
    LabelEvent event = new LabelEvent();
    event.incidentId = incidentId;
    event.rootCause = rootCause;
    event.operator = operator;
    event.comment = comment == null ? "" : comment;
    event.tsMs = tsMs;
    return event;
  }

  public Label toLabel() {
    return new Label(incidentId, rootCause, operator, comment, tsMs);
  }

  /** A label replayed after a restore, or sent by both the UI and the topic, is the same label. */
  public String key() {
    return incidentId + "\u0000" + operator + "\u0000" + tsMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelEvent e && tsMs == e.tsMs && Objects.equals(incidentId, e.incidentId)
        && Objects.equals(rootCause, e.rootCause) && Objects.equals(operator, e.operator)
        && Objects.equals(comment, e.comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(incidentId, rootCause, operator, tsMs);
  }

  @Override
  public String toString() {
    return "label " + rootCause + " on " + incidentId + " by " + operator + " @" + tsMs;
  }
}
