package dev.gorca.serving.http;

import dev.gorca.serving.store.Label;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps published labels in memory, in order: for tests, and for a demo without a labels topic. */
public final class RecordingLabelPublisher implements LabelPublisher {
  private final List<Label> published = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Label label) {
    published.add(label);
  }

  /** What was published so far, oldest first. */
  public List<Label> published() {
    return List.copyOf(published);
  }
}
