package dev.gorca.features.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.features.schema.FeatureVector;
import dev.gorca.ingest.gotrace.GoTraceParser;
import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dump-shape features of every lab dump equal counts taken independently with a regular expression
 * over the goroutine headers (states whose category needs no frames). Exact: these are counts.
 */
class DumpShapeFeaturesCapturesTest {
  private static final Pattern HEADER = Pattern.compile("(?m)^goroutine \\d+ (?:gp=\\S+ m=\\S+ (?:mp=\\S+ )?)?\\[([^\\]]*)\\]:$");
  private static final FeatureSchema SCHEMA = FeatureSchema.current();

  static List<LabCapture> capturesWithDumps() {
    return LabCaptures.all().stream().filter(LabCapture::hasDump).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("capturesWithDumps")
  void dumpShapeMatchesIndependentHeaderCounts(LabCapture capture) {
    String dump = new String(capture.read(capture.dump()), StandardCharsets.UTF_8);
    int total = 0, chanSend = 0, chanReceive = 0, select = 0, ioWait = 0, sleep = 0, maxWait = 0, waiting1 = 0, locked = 0;
    Matcher m = HEADER.matcher(dump);
    while (m.find()) {
      total++;
      String[] parts = m.group(1).split(", ");
      String state = parts[0];
      if (state.startsWith("chan send")) chanSend++;
      if (state.startsWith("chan receive")) chanReceive++;
      if (state.startsWith("select")) select++;
      if (state.equals("IO wait")) ioWait++;
      if (state.equals("sleep")) sleep++;
      for (String part : parts) {
        if (part.endsWith(" minutes")) {
          int minutes = Integer.parseInt(part.substring(0, part.length() - 8));
          maxWait = Math.max(maxWait, minutes);
          if (minutes >= 1) waiting1++;
        }
        if (part.equals("locked to thread")) locked++;
      }
    }

    FeatureVector vector = IncidentFeatures.extract(
        new IncidentEvidence(0, null, new GoTraceParser().parse(dump), List.of()), SCHEMA);

    assertEquals(total, vector.get(SCHEMA, "dump_goroutines"));
    assertEquals(1.0, vector.get(SCHEMA, "dump_source"));
    assertEquals(chanSend / (double) total, vector.get(SCHEMA, "dump_share_chan_send"));
    assertEquals(chanReceive / (double) total, vector.get(SCHEMA, "dump_share_chan_receive"));
    assertEquals(select / (double) total, vector.get(SCHEMA, "dump_share_select"));
    assertEquals(ioWait / (double) total, vector.get(SCHEMA, "dump_share_io_wait"));
    assertEquals(sleep / (double) total, vector.get(SCHEMA, "dump_share_sleep"));
    assertEquals(maxWait, vector.get(SCHEMA, "dump_max_wait_minutes"));
    assertEquals(waiting1 / (double) total, vector.get(SCHEMA, "dump_share_waiting_1m"));
    assertEquals(locked, vector.get(SCHEMA, "dump_locked_to_thread"));
    assertEquals(1.0, vector.get(SCHEMA, "has_dump"));
    assertEquals(0.0, vector.get(SCHEMA, "has_crash"));
    assertEquals(Double.NaN, vector.get(SCHEMA, "crash_kind"), "no crash: crash features are missing, not 0");
  }
}
