package dev.gorca.ingest.gotrace;

import java.util.Objects;

/**
 * A fatal signal: from {@code [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f5d6]}
 * after a panic or fatal error, or from a signal header ({@code SIGQUIT: quit} then {@code PC=...}).
 *
 * @param name e.g. {@code SIGSEGV}
 * @param description e.g. {@code segmentation violation}
 * @param code the {@code code=}/{@code sigcode=} value as printed, "" when absent
 * @param address the fault {@code addr=} as printed, "" when absent
 * @param pc the {@code pc=}/{@code PC=} value as printed, "" when absent
 * @param duringCgo {@code signal arrived during cgo execution} was printed
 */
public record SignalInfo(
    String name, String description, String code, String address, String pc, boolean duringCgo) {
  public SignalInfo {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(description, "description == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(address, "address == null");
    Objects.requireNonNull(pc, "pc == null");
  }

  SignalInfo withDuringCgo() {
    return new SignalInfo(name, description, code, address, pc, true);
  }

  SignalInfo withPcLine(String newPc, String newCode, String newAddress) {
    return new SignalInfo(name, description, newCode, newAddress, newPc, duringCgo);
  }

  /** The fault address parsed as a number, or -1 when absent or unreadable. */
  public long faultAddress() {
    if (!address.startsWith("0x")) return -1;
    try {
      return Long.parseUnsignedLong(address.substring(2), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
