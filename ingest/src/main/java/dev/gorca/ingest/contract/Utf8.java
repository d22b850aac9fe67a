package dev.gorca.ingest.contract;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 validation that says where the first bad byte is, for error messages. */
final class Utf8 {
  private Utf8() {}

  /** Offset of the first byte that is not part of valid UTF-8 in {@code bytes[from, to)}, or -1. */
  static int firstInvalidByte(byte[] bytes, int from, int to) {
    int i = from;
    // ASCII fast path: most records are almost all ASCII.
    while (i < to && bytes[i] >= 0) {
      i++;
    }
    if (i == to) {
      return -1;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, i, to - i);
    CharBuffer out = CharBuffer.allocate(8192);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isOverflow()) {
        out.clear();
        continue;
      }
      result = decoder.flush(out);
      if (result.isOverflow()) {
        out.clear();
        continue;
      }
      return -1;
    }
  }

  static String describeInvalid(byte[] bytes, int offset) {
    return String.format("an invalid byte 0x%02X at offset %d", bytes[offset] & 0xff, offset);
  }
}
