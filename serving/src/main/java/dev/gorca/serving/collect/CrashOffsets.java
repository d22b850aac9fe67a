package dev.gorca.serving.collect;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How far each crash file has been handled, kept in a properties file so a restarted collector neither publishes
 * a crash again nor misses one written while it was down. One line per crash file:
 * {@code /var/log/checkout.stderr=18231 (dev=803,ino=1311)}: the byte offset, then the file's identity, which
 * tells a rotated (replaced) file from the one the offset belongs to. Every change is written to a temporary
 * file and renamed over the old one, so a crash of the collector leaves the old or the new state, never half.
 */
public final class CrashOffsets {
  private final Path file;
  private final Map<String, Position> positions = new HashMap<>();

  /** Where reading stopped in one crash file, and which file (inode) that was. */
  public record Position(long offset, String fileKey) {
    public Position {
      if (offset < 0) {
        throw new IllegalArgumentException("expected an offset >= 0, found " + offset);
      }
      if (fileKey == null || fileKey.isBlank() || fileKey.contains(" ")) {
        throw new IllegalArgumentException("expected a file key without blanks such as (dev=803,ino=1311), found \""
            + fileKey + "\"");
      }
    }
  }

  private CrashOffsets(Path file) {
    this.file = file;
  }

  /** Reads {@code file}, or starts empty when it does not exist yet. */
  public static CrashOffsets load(Path file) {
    CrashOffsets offsets = new CrashOffsets(file);
    if (!Files.exists(file)) {
      return offsets;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the crash offsets file " + file, e);
    }
    for (String crashFile : properties.stringPropertyNames()) {
      offsets.positions.put(crashFile, parse(file, crashFile, properties.getProperty(crashFile)));
    }
    return offsets;
  }

  private static Position parse(Path file, String crashFile, String value) {
    String[] parts = value.strip().split(" ");
    try {
      if (parts.length == 2) {
        return new Position(Long.parseLong(parts[0]), parts[1]);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalStateException("expected \"<offset> <file key>\" for " + crashFile + " in " + file + ", found \""
        + value + "\"; fix the line or delete it (that crash file is then read from its current end)");
  }

  public Path file() {
    return file;
  }

  public synchronized Optional<Position> get(Path crashFile) {
    return Optional.ofNullable(positions.get(key(crashFile)));
  }

  /** Records a position and writes the whole file before returning. */
  public synchronized void put(Path crashFile, Position position) {
    Position previous = positions.put(key(crashFile), position);
    if (position.equals(previous)) {
      return;
    }
    try {
      write();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the crash offsets file " + file
          + "; without it a restart could publish a crash twice", e);
    }
  }

  private void write() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    Properties properties = new Properties();
    positions.forEach((crashFile, position) ->
        properties.setProperty(crashFile, position.offset() + " " + position.fileKey()));
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      properties.store(writer, "gorca collect: bytes of each crash file already handled (docs/collector.md)");
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String key(Path crashFile) {
    return crashFile.toAbsolutePath().normalize().toString();
  }
}
