package dev.gorca.serving.collect;

import dev.gorca.ingest.gotrace.CrashKind;
import dev.gorca.ingest.gotrace.GoTraceParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one file that a Go process's stderr is appended to ({@code GOTRACEBACK} output redirected, or
 * {@code debug.SetCrashOutput}) and hands out each crash once, when it looks complete: the file has not grown
 * for the quiet period and its new bytes parse as Go crash output (a panic, a fatal error, a fatal signal, a
 * SIGQUIT dump, a race report). New bytes that are only application logs are held back, at most the last
 * {@link #CONTEXT_BYTES}, as the context a crash that follows is published with.
 *
 * <p>The offset lives in {@link CrashOffsets}: it advances only when the caller reports the crash handled
 * ({@link #handled}), after Kafka acknowledged it. A file seen for the first time is read from its current end
 * (older output is not this collector's to date); a file that appears later, is truncated or replaced
 * (rotated: a new inode) is read from its start. Polled by one thread.
 */
public final class CrashFileWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CrashFileWatcher.class);
  /** Application log kept before a crash: the last lines before a panic often say what led to it. */
  static final int CONTEXT_BYTES = 16 * 1024;
  /** Pending output above this is checked for a crash start and trimmed even while the file keeps growing. */
  static final int TRIM_THRESHOLD_BYTES = 256 * 1024;

  private final Path file;
  private final CrashOffsets offsets;
  private final long quietMs;
  private final int maxCrashBytes;
  private final GoTraceParser parser = new GoTraceParser();

  private String fileKey;
  private long offset;
  private long lastSize = -1;
  private long lastGrowthMs;
  private long checkedSize = -1;

  /**
   * @param maxCrashBytes the most of one crash's output that is read and published; keep it well under the crash
   *     envelope's limit, JSON escaping makes text longer
   */
  public CrashFileWatcher(Path file, CrashOffsets offsets, Duration quietPeriod, int maxCrashBytes) {
    if (quietPeriod == null || quietPeriod.isNegative()) {
      throw new IllegalArgumentException("expected a quiet period >= 0, found " + quietPeriod);
    }
    if (maxCrashBytes <= CONTEXT_BYTES) {
      throw new IllegalArgumentException("expected maxCrashBytes > " + CONTEXT_BYTES + ", found " + maxCrashBytes);
    }
    this.file = file;
    this.offsets = offsets;
    this.quietMs = quietPeriod.toMillis();
    this.maxCrashBytes = maxCrashBytes;
    start();
  }

  private void start() {
    Optional<CrashOffsets.Position> saved = offsets.get(file);
    if (saved.isPresent()) {
      fileKey = saved.get().fileKey();
      offset = saved.get().offset();
      LOG.info("watching {} from offset {} (remembered in {})", file, offset, offsets.file());
      return;
    }
    BasicFileAttributes attributes = attributes();
    if (attributes == null) {
      LOG.info("watching {}: not there yet, it will be read from its start when it appears", file);
      return;
    }
    advance(keyOf(attributes), attributes.size());
    LOG.info("watching {} from its current end ({} bytes)", file, offset);
  }

  public Path file() {
    return file;
  }

  /** The bytes of the file already handled (published, or skipped as older than the collector). */
  public long offset() {
    return offset;
  }

  /** Looks at the file once; returns a crash when complete new crash output is there. */
  public Optional<CrashOutput> poll(long nowMs) {
    BasicFileAttributes attributes = attributes();
    if (attributes == null) {
      return Optional.empty();
    }
    String key = keyOf(attributes);
    if (!key.equals(fileKey)) {
      if (fileKey != null) {
        LOG.info("{} was replaced (rotated: new file {}); reading the new file from its start", file, key);
      }
      startOver(key);
    }
    long size = attributes.size();
    if (size < offset) {
      LOG.info("{} shrank from {} to {} bytes (truncated); reading it from its start", file, offset, size);
      startOver(key);
    }
    if (size == offset) {
      return Optional.empty();
    }
    if (size != lastSize) {
      lastSize = size;
      lastGrowthMs = nowMs;
      if (size - offset > TRIM_THRESHOLD_BYTES) {
        trimLogOutput(size);
      }
      return Optional.empty();
    }
    if (nowMs - lastGrowthMs < quietMs || size == checkedSize) {
      return Optional.empty();
    }
    checkedSize = size;
    return readCrash(size, attributes.lastModifiedTime().toMillis());
  }

  private Optional<CrashOutput> readCrash(long size, long writtenAtMs) {
    if (size - offset > 2 * CONTEXT_BYTES) {
      trimLogOutput(size);
    }
    long pending = size - offset;
    boolean truncated = pending > maxCrashBytes;
    String text = truncated ? readLines(offset, maxCrashBytes) : read(offset, pending);
    CrashKind kind = parser.parse(text).kind();
    if (kind == CrashKind.NONE) {
      keepContextOnly(size);
      return Optional.empty();
    }
    if (truncated) {
      LOG.warn("crash output in {} is {} bytes, more than the {} a crash envelope carries; publishing its first "
          + "{} chars (the headline and the first goroutines)", file, pending, maxCrashBytes, text.length());
    }
    return Optional.of(new CrashOutput(file, fileKey, offset, size, text, kind, writtenAtMs, truncated));
  }

  /** While a chatty service keeps logging, drops what is only log output, unless a crash has begun in it. */
  private void trimLogOutput(long size) {
    long checkEnd = size - CONTEXT_BYTES;
    String head = readLines(offset, Math.min(checkEnd - offset, maxCrashBytes));
    if (parser.parse(head).kind() == CrashKind.NONE) {
      keepContextOnly(size);
    }
  }

  private void keepContextOnly(long size) {
    if (size - offset <= CONTEXT_BYTES) {
      return;
    }
    advance(fileKey, lineStartAtOrAfter(size - CONTEXT_BYTES, size));
  }

  /** Call once the crash is published (or refused for good): its bytes are never handed out again. */
  public void handled(CrashOutput crash) {
    if (!crash.fileKey().equals(fileKey) || crash.startOffset() != offset) {
      LOG.info("{} changed while its crash was published; keeping the new position {}", file, offset);
      return;
    }
    advance(fileKey, crash.endOffset());
  }

  /** After a failed publish: the same output is read and handed out again at the next poll. */
  public void retry() {
    checkedSize = -1;
  }

  private void startOver(String key) {
    advance(key, 0);
    lastSize = -1;
    checkedSize = -1;
  }

  private void advance(String key, long newOffset) {
    fileKey = key;
    offset = newOffset;
    offsets.put(file, new CrashOffsets.Position(newOffset, key));
  }

  /** Exactly the bytes {@code [from, from + length)}, whatever was appended since. */
  private String read(long from, long length) {
    return read(from, length, false);
  }

  /** Up to {@code length} bytes from {@code from}, ending at the last complete line when the file goes on. */
  private String readLines(long from, long length) {
    return read(from, length, true);
  }

  private String read(long from, long length, boolean wholeLines) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, length));
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
        // read until full or end of file
      }
      int end = buffer.position();
      if (wholeLines && from + end < channel.size()) {
        int lastNewline = lastIndexOf(buffer.array(), (byte) '\n', end);
        end = lastNewline < 0 ? end : lastNewline + 1;
      }
      return new String(buffer.array(), 0, end, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crash output from " + file, e);
    }
  }

  /** The offset of the first line that starts at or after {@code position}; {@code end} when there is none. */
  private long lineStartAtOrAfter(long position, long end) {
    if (position <= 0) {
      return 0;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(8192);
      long at = position - 1;
      while (at < end) {
        one.clear();
        int read = channel.read(one, at);
        if (read <= 0) {
          return end;
        }
        for (int i = 0; i < read; i++) {
          if (one.get(i) == '\n') {
            return at + i + 1;
          }
        }
        at += read;
      }
      return end;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crash output from " + file, e);
    }
  }

  private static int lastIndexOf(byte[] bytes, byte value, int end) {
    for (int i = end - 1; i >= 0; i--) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private BasicFileAttributes attributes() {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat crash file " + file, e);
    }
  }

  /** The inode as the JDK names it, e.g. {@code (dev=803,ino=1311)}; the path where a file system has none. */
  private String keyOf(BasicFileAttributes attributes) {
    Object key = attributes.fileKey();
    String text = key == null ? "path:" + file.toAbsolutePath() : key.toString();
    return text.replace(' ', '_');
  }
}
