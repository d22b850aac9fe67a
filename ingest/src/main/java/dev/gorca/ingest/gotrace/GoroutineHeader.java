package dev.gorca.ingest.gotrace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A goroutine header line, every form Go 1.19 and later print:
 *
 * <pre>
 * goroutine 1 [running]:
 * goroutine 18 [chan receive, 2 minutes]:
 * goroutine 7 [syscall, 3 minutes, locked to thread]:
 * goroutine 1 gp=0xc000002380 m=0 mp=0x5a4c40 [running]:         (1.23, GOTRACEBACK=system or a fatal error)
 * goroutine 9 gp=0xc000102a80 m=nil [sync.Mutex.Lock, 1 minutes]:
 * goroutine 5 [running] {pattern: "GET /panic"}:                  (1.27 prints pprof labels)
 * </pre>
 *
 * State flags the runtime appends for a moment — {@code (scan)}, {@code (leaked)}, {@code
 * (durable)} — are dropped; parentheses that belong to the wait reason — {@code chan receive (nil
 * chan)}, {@code select (no cases)} — are kept.
 */
final class GoroutineHeader {
  long id;
  String state;
  int waitMinutes;
  boolean lockedToThread;
  String gp = "";
  long m = -1;
  String mp = "";
  Map<String, String> labels = Map.of();
  int line;

  private GoroutineHeader() {}

  /** The header, or null when the line is not one. */
  static GoroutineHeader parse(String line) {
    int length = line.length();
    if (length < 15 || line.charAt(length - 1) != ':') return null;
    int pos = "goroutine ".length();
    int idStart = pos;
    while (pos < length && isDigit(line.charAt(pos))) pos++;
    if (pos == idStart || pos - idStart > 18 || pos >= length || line.charAt(pos) != ' ') return null;
    GoroutineHeader header = new GoroutineHeader();
    header.id = Long.parseLong(line, idStart, pos, 10);
    pos++;
    if (line.startsWith("gp=", pos)) {
      int bracket = line.indexOf(" [", pos);
      if (bracket < 0) return null;
      header.readThreadFields(line.substring(pos, bracket));
      pos = bracket + 1;
    }
    if (line.charAt(pos) != '[') return null;
    int close = line.indexOf(']', pos);
    if (close < 0) return null;
    if (!header.readStateFields(line.substring(pos + 1, close))) return null;
    int after = close + 1;
    if (after == length - 1) return header; // "]:"
    if (line.charAt(after) != ' ' || line.charAt(after + 1) != '{' || line.charAt(length - 2) != '}') {
      return null;
    }
    header.labels = Labels.parse(line.substring(after + 2, length - 2));
    return header;
  }

  private void readThreadFields(String fields) {
    for (String field : fields.split(" ")) {
      if (field.startsWith("gp=")) gp = field.substring(3);
      else if (field.startsWith("mp=")) mp = field.substring(3);
      else if (field.startsWith("m=")) {
        Long value = GoTraceParser.parseLongOrNull(field.substring(2));
        m = value == null ? -1 : value;
      }
    }
  }

  private boolean readStateFields(String inside) {
    String[] parts = inside.split(", ");
    if (parts.length == 0) return false; // "[, ]": split drops trailing empty strings, so nothing is left
    state = stripTransientFlags(parts[0]);
    if (state.isEmpty()) return false;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      if (part.equals("locked to thread")) {
        lockedToThread = true;
      } else if (part.endsWith(" minutes")) {
        Integer minutes = GoTraceParser.parseIntOrNull(part.substring(0, part.length() - 8));
        if (minutes == null) return false;
        waitMinutes = minutes;
      } else if (!isTransientFlag(part)) {
        // An unknown field from a newer runtime: keep it visible in the state rather than lose it.
        state = state + ", " + part;
      }
    }
    return true;
  }

  private static String stripTransientFlags(String state) {
    String result = state;
    for (String flag : TRANSIENT_FLAGS) {
      if (result.endsWith(" " + flag)) result = result.substring(0, result.length() - flag.length() - 1);
    }
    return result;
  }

  private static boolean isTransientFlag(String part) {
    for (String flag : TRANSIENT_FLAGS) if (part.equals(flag)) return true;
    return false;
  }

  private static final String[] TRANSIENT_FLAGS = {"(scan)", "(leaked)", "(durable)"};

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** pprof labels as Go 1.27 prints them: {@code key: "value", "other key": "v"}. */
  static final class Labels {
    private Labels() {}

    static Map<String, String> parse(String body) {
      Map<String, String> labels = new LinkedHashMap<>();
      int pos = 0;
      int length = body.length();
      while (pos < length) {
        StringBuilder key = new StringBuilder();
        pos = readToken(body, pos, key, ':');
        if (pos >= length || body.charAt(pos) != ':') break;
        pos++;
        while (pos < length && body.charAt(pos) == ' ') pos++;
        StringBuilder value = new StringBuilder();
        pos = readToken(body, pos, value, ',');
        labels.put(key.toString(), value.toString());
        if (pos < length && body.charAt(pos) == ',') pos++;
        while (pos < length && body.charAt(pos) == ' ') pos++;
      }
      return labels;
    }

    /** Reads a quoted Go string or a bare word up to {@code stop}; returns the position after it. */
    private static int readToken(String body, int pos, StringBuilder out, char stop) {
      int length = body.length();
      if (pos < length && body.charAt(pos) == '"') {
        pos++;
        while (pos < length && body.charAt(pos) != '"') {
          char c = body.charAt(pos);
          if (c == '\\' && pos + 1 < length) {
            char next = body.charAt(++pos);
            out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
          } else {
            out.append(c);
          }
          pos++;
        }
        return Math.min(pos + 1, length);
      }
      while (pos < length && body.charAt(pos) != stop) out.append(body.charAt(pos++));
      return pos;
    }
  }
}
