package dev.gorca.serving.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashOffsetsTest {
  @TempDir Path dir;

  @Test
  void positions_survive_a_reload_and_no_temporary_file_is_left_behind() throws IOException {
    Path file = dir.resolve("state").resolve("offsets.properties");
    CrashOffsets offsets = CrashOffsets.load(file);
    offsets.put(dir.resolve("a.stderr"), new CrashOffsets.Position(2309, "(dev=803,ino=1311)"));
    offsets.put(dir.resolve("b = c.stderr"), new CrashOffsets.Position(0, "(dev=803,ino=1312)"));
    offsets.put(dir.resolve("a.stderr"), new CrashOffsets.Position(4618, "(dev=803,ino=1311)"));

    CrashOffsets reloaded = CrashOffsets.load(file);
    assertEquals(Optional.of(new CrashOffsets.Position(4618, "(dev=803,ino=1311)")), reloaded.get(dir.resolve("a.stderr")));
    assertEquals(Optional.of(new CrashOffsets.Position(0, "(dev=803,ino=1312)")),
        reloaded.get(dir.resolve("x").resolve("..").resolve("b = c.stderr")));
    assertEquals(Optional.empty(), reloaded.get(dir.resolve("unknown.stderr")));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void a_damaged_line_is_reported_with_the_file_and_what_to_do() throws IOException {
    Path file = dir.resolve("offsets.properties");
    Files.writeString(file, "/var/log/checkout.stderr=many\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CrashOffsets.load(file));
    assertEquals("expected \"<offset> <file key>\" for /var/log/checkout.stderr in " + file + ", found \"many\"; "
        + "fix the line or delete it (that crash file is then read from its current end)", e.getMessage());
  }
}
