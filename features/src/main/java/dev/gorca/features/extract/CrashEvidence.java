package dev.gorca.features.extract;

import dev.gorca.ingest.gotrace.GoTrace;
import java.util.Objects;

/**
 * A crash as the crash envelope delivers it: the parsed stderr tail and what the platform said
 * about the death (exit code, signal, Kubernetes' reason).
 *
 * @param trace the parsed crash text
 * @param exitCode the process exit code, or null when unknown
 * @param signal e.g. {@code SIGKILL}, or null
 * @param reason e.g. {@code OOMKilled}, or null
 */
public record CrashEvidence(GoTrace trace, Integer exitCode, String signal, String reason) {
  public CrashEvidence {
    Objects.requireNonNull(trace, "trace == null");
  }

  public static CrashEvidence of(GoTrace trace) {
    return new CrashEvidence(trace, null, null, null);
  }
}
