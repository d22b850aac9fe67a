package dev.gorca.serving.collect;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/** A logger that keeps what was logged, formatted as an operator reads it: {@code WARN message}. */
final class RecordingLog {
  private final Queue<SubstituteLoggingEvent> events = new ConcurrentLinkedQueue<>();
  final Logger logger = new EventRecordingLogger(new SubstituteLogger("test", events, false), events);

  List<String> lines() {
    return events.stream()
        .map(e -> e.getLevel() + " " + MessageFormatter.arrayFormat(e.getMessage(), e.getArgumentArray()).getMessage())
        .toList();
  }
}
