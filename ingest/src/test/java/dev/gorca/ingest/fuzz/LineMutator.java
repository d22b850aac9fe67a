package dev.gorca.ingest.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * Damages real captures the way production damages them: cut off mid-line (a truncated upload, a
 * killed process), spliced with another capture, interleaved with other writers' lines — whole or
 * in the middle of a runtime line — plus line edits and out-of-range numbers. Every choice comes
 * from the fuzzer's input, so an input always rebuilds the same text from the same captures.
 */
public final class LineMutator {
  /** A window of at most this many lines is mutated, so a 5,000-line dump stays a fast input. */
  public static final int MAX_WINDOW_LINES = 400;

  private static final int MAX_OPERATIONS = 8;
  private static final String[] ODD_NUMBERS = {
    "0", "-1", "00", "2147483648", "9223372036854775807", "99999999999999999999", "0x", "1e9", ""
  };

  private final List<String> foreignLines;

  /** @param foreignLines lines other writers put into the stream, and format tokens worth injecting */
  public LineMutator(List<String> foreignLines) {
    if (foreignLines.isEmpty()) throw new IllegalArgumentException("foreignLines is empty");
    this.foreignLines = List.copyOf(foreignLines);
  }

  /** Splits a capture into the lines {@link #mutate} takes; do it once per capture, not per input. */
  public static String[] lines(String capture) {
    return capture.split("\n", -1);
  }

  /** A damaged window of one of {@code captures} (each split by {@link #lines}), others spliced in. */
  public String mutate(List<String[]> captures, FuzzedDataProvider data) {
    if (captures.isEmpty()) throw new IllegalArgumentException("captures is empty");
    List<String> lines = window(captures.get(data.consumeInt(0, captures.size() - 1)), data);
    boolean cutMidLine = false;
    int operations = data.consumeInt(0, MAX_OPERATIONS);
    for (int i = 0; i < operations && !cutMidLine; i++) {
      int at = data.consumeInt(0, lines.size());
      switch (data.consumeInt(0, 10)) {
        case 0 -> {
          truncateMidLine(lines, at, data);
          cutMidLine = true;
        }
        case 1 -> {
          String[] other = captures.get(data.consumeInt(0, captures.size() - 1));
          lines.addAll(at, window(other, data));
        }
        case 2 -> lines.add(at, foreignLine(data));
        case 3 -> interleaveMidLine(lines, at, data);
        case 4 -> {
          int count = data.consumeInt(1, 20);
          for (int n = 0; n < count && at < lines.size(); n++) lines.remove(at);
        }
        case 5 -> {
          int count = Math.min(data.consumeInt(1, 20), lines.size() - at);
          lines.addAll(at, new ArrayList<>(lines.subList(at, at + count)));
        }
        case 6 -> {
          int other = data.consumeInt(0, lines.size());
          if (at < lines.size() && other < lines.size()) {
            String swapped = lines.get(at);
            lines.set(at, lines.get(other));
            lines.set(other, swapped);
          }
        }
        case 7 -> lines.add(at, data.consumeString(200));
        case 8 -> replaceNumber(lines, at, data);
        case 9 -> reshapeWhitespace(lines, at, data);
        default -> {
          if (at < lines.size()) {
            String line = lines.get(at);
            lines.set(at, line.substring(0, data.consumeInt(0, line.length())));
          }
        }
      }
    }
    String text = String.join("\n", lines);
    return cutMidLine || !data.consumeBoolean() ? text : text + "\n";
  }

  private static List<String> window(String[] all, FuzzedDataProvider data) {
    if (all.length <= MAX_WINDOW_LINES && data.consumeBoolean()) return new ArrayList<>(List.of(all));
    int start = data.consumeInt(0, all.length - 1);
    int length = data.consumeInt(1, Math.min(MAX_WINDOW_LINES, all.length - start));
    List<String> lines = new ArrayList<>(length);
    for (int i = start; i < start + length; i++) lines.add(all[i]);
    return lines;
  }

  private String foreignLine(FuzzedDataProvider data) {
    return foreignLines.get(data.consumeInt(0, foreignLines.size() - 1));
  }

  private static void truncateMidLine(List<String> lines, int at, FuzzedDataProvider data) {
    if (at >= lines.size()) return;
    String line = lines.get(at);
    lines.subList(at, lines.size()).clear();
    lines.add(line.substring(0, data.consumeInt(0, line.length())));
  }

  /** Two unsynchronised writers: another line lands inside a runtime line. */
  private void interleaveMidLine(List<String> lines, int at, FuzzedDataProvider data) {
    if (at >= lines.size()) return;
    String line = lines.get(at);
    int split = data.consumeInt(0, line.length());
    lines.set(at, line.substring(0, split) + foreignLine(data));
    lines.add(at + 1, line.substring(split));
  }

  private static void replaceNumber(List<String> lines, int at, FuzzedDataProvider data) {
    if (at >= lines.size()) return;
    String line = lines.get(at);
    int start = 0;
    int skip = data.consumeInt(0, 3);
    while (true) {
      while (start < line.length() && !Character.isDigit(line.charAt(start))) start++;
      if (start == line.length()) return;
      int end = start;
      while (end < line.length() && Character.isDigit(line.charAt(end))) end++;
      if (skip-- == 0) {
        String number = data.consumeBoolean()
            ? ODD_NUMBERS[data.consumeInt(0, ODD_NUMBERS.length - 1)]
            : Long.toString(data.consumeLong());
        lines.set(at, line.substring(0, start) + number + line.substring(end));
        return;
      }
      start = end;
    }
  }

  private static void reshapeWhitespace(List<String> lines, int at, FuzzedDataProvider data) {
    if (at >= lines.size()) return;
    String line = lines.get(at);
    String reshaped = switch (data.consumeInt(0, 4)) {
      case 0 -> line + "\r";
      case 1 -> line.startsWith("\t") ? line.substring(1) : line;
      case 2 -> "\t" + line;
      case 3 -> line + "  ";
      default -> line.replace('\t', ' ');
    };
    lines.set(at, reshaped);
  }
}
