package dev.gorca.serving.http;

import dev.gorca.ingest.contract.Fields;
import dev.gorca.model.taxonomy.RootCause;
import dev.gorca.serving.store.IncidentStore;
import dev.gorca.serving.store.Label;
import java.time.Clock;

/**
 * Turns an operator's verdict into a label: the cause must be in the taxonomy and the incident must exist; then
 * it goes to the labels topic first (the learning loop's source of truth) and to the store, so a label the UI
 * shows was published.
 */
final class Labelling {
  /** What the label envelope allows (docs/events.md): the topic must accept every label the UI takes. */
  static final int MAX_COMMENT_CHARS = Fields.MAX_COMMENT_CHARS;

  private final IncidentStore store;
  private final LabelPublisher publisher;
  private final Clock clock;

  Labelling(IncidentStore store, LabelPublisher publisher, Clock clock) {
    this.store = store;
    this.publisher = publisher;
    this.clock = clock;
  }

  Label label(String incidentId, String rootCause, String comment, String operator) {
    if (rootCause == null || rootCause.isBlank()) {
      throw ApiException.badRequest("expected root_cause, one of " + String.join(", ", RootCause.ids())
          + "; found nothing");
    }
    RootCause cause;
    try {
      cause = RootCause.fromId(rootCause);
    } catch (IllegalArgumentException e) {
      throw ApiException.unknownRootCause(e.getMessage());
    }
    String text = comment == null ? "" : comment;
    if (text.length() > MAX_COMMENT_CHARS) {
      throw ApiException.badRequest("expected a comment of at most " + MAX_COMMENT_CHARS + " characters, found "
          + text.length() + "; link to a document instead");
    }
    if (store.find(incidentId).isEmpty()) {
      throw ApiException.notFound("no incident with id " + incidentId);
    }
    Label label = new Label(incidentId, cause.id(), operator, text, clock.millis());
    try {
      publisher.publish(label);
    } catch (IllegalStateException e) {
      throw ApiException.unavailable(e.getMessage());
    }
    store.addLabel(label);
    return label;
  }
}
