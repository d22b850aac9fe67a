package dev.gorca.ingest.gotrace;

/**
 * A frame's file line: {@code \t/src/main.go:12 +0x1d}, {@code \t/src/main.go:12} (inlined), or
 * under GOTRACEBACK=system {@code \t/go/src/runtime/proc.go:424 +0xce fp=0xc00005a710 sp=0x... pc=0x...}.
 * The line number follows the last colon, so Windows paths ({@code C:/src/x.go:3}) read right.
 */
final class FileLines {
  private FileLines() {}

  static Frame frame(String function, String arguments, String line, ParseContext context) {
    int start = 0;
    while (start < line.length() && (line.charAt(start) == '\t' || line.charAt(start) == ' ')) start++;
    int end = line.indexOf(" +0x", start);
    int fieldsEnd = line.indexOf(" fp=", start);
    long offset = -1;
    if (end >= 0) {
      int hexStart = end + 4;
      int hexEnd = hexStart;
      while (hexEnd < line.length() && isHex(line.charAt(hexEnd))) hexEnd++;
      offset = hexEnd > hexStart && hexEnd - hexStart <= 15 ? Long.parseLong(line, hexStart, hexEnd, 16) : -1;
    } else {
      end = fieldsEnd >= 0 ? fieldsEnd : line.length();
    }
    int colon = line.lastIndexOf(':', end - 1);
    Integer lineNumber = colon > start ? GoTraceParser.parseIntOrNull(line.substring(colon + 1, end)) : null;
    if (lineNumber == null) {
      context.warn("expected \"file:line\" after a tab, got: " + GoTraceParser.quote(line));
      return new Frame(function, arguments, context.intern(line.substring(start, end)), 0, offset);
    }
    return new Frame(function, arguments, context.intern(line.substring(start, colon)), lineNumber, offset);
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
