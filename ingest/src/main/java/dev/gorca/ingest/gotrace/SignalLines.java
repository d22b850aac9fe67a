package dev.gorca.ingest.gotrace;

/**
 * The runtime's signal lines:
 *
 * <pre>
 * [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f5d6]   (after panic / fatal error)
 * SIGQUIT: quit                                                            (header of a signal dump)
 * PC=0x46e0c1 m=0 sigcode=0 addr=0x0                                       (its second line)
 * rip    0x46e0c1                                                          (GOTRACEBACK=crash registers)
 * </pre>
 */
final class SignalLines {
  private SignalLines() {}

  static SignalInfo parseBracket(String line) {
    if (!line.endsWith("]")) return null;
    String inside = line.substring("[signal ".length(), line.length() - 1);
    int colon = inside.indexOf(':');
    if (colon <= 0) return null;
    String name = inside.substring(0, colon);
    String rest = inside.substring(colon + 1).trim();
    int fields = firstFieldStart(rest);
    String description = (fields < 0 ? rest : rest.substring(0, fields)).trim();
    String tail = fields < 0 ? "" : rest.substring(fields);
    return new SignalInfo(
        name, description, field(tail, "code="), field(tail, "addr="), field(tail, "pc="), false);
  }

  /** {@code SIGQUIT: quit}, {@code SIGSEGV: segmentation violation}, {@code SIGABRT: abort}. */
  static boolean isHeader(String line) {
    if (!line.startsWith("SIG")) return false;
    int colon = line.indexOf(": ");
    if (colon < 4) return false;
    for (int i = 3; i < colon; i++) {
      char c = line.charAt(i);
      if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '+' && c != '-') return false;
    }
    return true;
  }

  static SignalInfo parseHeader(String line) {
    int colon = line.indexOf(": ");
    return new SignalInfo(line.substring(0, colon), line.substring(colon + 2), "", "", "", false);
  }

  static SignalInfo withPcLine(SignalInfo signal, String line) {
    String pc = field(line, "PC=");
    String code = field(line, "sigcode=");
    String address = field(line, "addr=");
    return signal.withPcLine(
        pc.isEmpty() ? signal.pc() : pc,
        code.isEmpty() ? signal.code() : code,
        address.isEmpty() ? signal.address() : address);
  }

  /** {@code rax    0x0}: a register name, spaces, a hex value. */
  static boolean isRegisterLine(String line) {
    int length = line.length();
    int pos = 0;
    while (pos < length && isLowerAlnum(line.charAt(pos))) pos++;
    if (pos < 2 || pos > 8 || pos == length || line.charAt(pos) != ' ') return false;
    while (pos < length && line.charAt(pos) == ' ') pos++;
    if (!line.startsWith("0x", pos) || pos + 2 == length) return false;
    for (int i = pos + 2; i < length; i++) {
      char c = line.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) return false;
    }
    return true;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static int firstFieldStart(String rest) {
    int best = -1;
    for (String key : new String[] {" code=", " addr=", " pc="}) {
      int at = rest.indexOf(key);
      if (at >= 0 && (best < 0 || at < best)) best = at;
    }
    if (rest.startsWith("code=") || rest.startsWith("addr=") || rest.startsWith("pc=")) return 0;
    return best;
  }

  /** The value after {@code key} up to the next space, "" when absent; matches whole keys only. */
  static String field(String line, String key) {
    int at = -1;
    int from = 0;
    while ((at = line.indexOf(key, from)) >= 0) {
      if (at == 0 || line.charAt(at - 1) == ' ') break;
      from = at + 1;
    }
    if (at < 0) return "";
    int start = at + key.length();
    int stop = line.indexOf(' ', start);
    return line.substring(start, stop < 0 ? line.length() : stop);
  }
}
