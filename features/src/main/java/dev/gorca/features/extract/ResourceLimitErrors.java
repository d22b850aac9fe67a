package dev.gorca.features.extract;

import dev.gorca.ingest.gotrace.GoTrace;
import dev.gorca.ingest.gotrace.PanicValue;
import java.util.List;
import java.util.Locale;

/**
 * Counts lines of a crash that name an exhausted OS resource, as Go's syscall errors print them
 * (the strerror text of EMFILE, ENFILE, EAGAIN, ENOMEM, ENOBUFS, EADDRINUSE, EADDRNOTAVAIL). A
 * service out of file descriptors usually dies by its own panic or log.Fatal, not the runtime's.
 */
final class ResourceLimitErrors {
  private static final List<String> PHRASES = List.of(
      "too many open files",
      "resource temporarily unavailable",
      "cannot allocate memory",
      "no buffer space available",
      "address already in use",
      "cannot assign requested address");

  private ResourceLimitErrors() {}

  static int count(GoTrace trace) {
    int count = 0;
    for (PanicValue panic : trace.panics()) if (mentions(panic.value())) count++;
    if (trace.fatalError() != null && mentions(trace.fatalError())) count++;
    for (String message : trace.runtimeMessages()) if (mentions(message)) count++;
    for (GoTrace.NumberedLine line : trace.otherOutput()) if (mentions(line.text())) count++;
    return count;
  }

  private static boolean mentions(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String phrase : PHRASES) if (lower.contains(phrase)) return true;
    return false;
  }
}
