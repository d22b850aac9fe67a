package dev.gorca.serving.http;

import dev.gorca.serving.store.Label;

/** Where an operator's label goes besides the store: the labels topic that feeds the learning loop. */
public interface LabelPublisher {
  /**
   * Publishes the label and returns once it is durably accepted.
   *
   * @throws IllegalStateException when it could not be published; the caller reports it and stores nothing
   */
  void publish(Label label);

  /** Publishes nowhere: for a server without Kafka. */
  LabelPublisher NONE = label -> {};
}
