package dev.gorca.ingest.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Pins what a structure-aware target found as a raw input of the matching bytes target. Jazzer
 * keeps the structure-aware input too, but that one only rebuilds the same text while
 * lab/captures stays the same; the raw text replays the bug whatever captures are added later.
 */
public final class FuzzFindings {
  private FuzzFindings() {}

  /**
   * While fuzzing, writes {@code input} to {@code src/test/resources/<package>/<Target>Inputs/<method>/}
   * of the module (Jazzer's regression-input directory, replayed by every test run) and returns
   * the file; returns null outside fuzzing runs, which must not write into the source tree.
   */
  public static Path keepAsRegressionInput(Class<?> target, String method, byte[] input) {
    if (System.getenv("JAZZER_FUZZ") == null) return null;
    Path dir = Paths.get("src", "test", "resources")
        .resolve(target.getPackageName().replace('.', '/'))
        .resolve(target.getSimpleName() + "Inputs")
        .resolve(method);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("structured-" + sha256(input).substring(0, 16));
      Files.write(file, input);
      System.err.println("fuzz finding kept as a regression input of " + target.getSimpleName() + "." + method + ": " + file.toAbsolutePath());
      return file;
    } catch (IOException e) {
      System.err.println("could not keep the fuzz finding in " + dir.toAbsolutePath() + ": " + e);
      return null;
    }
  }

  /**
   * Writes the text a structure-aware target built to {@code target/fuzz-findings/<Target>.<method>/}
   * (build output: archive it in CI, or turn it into a unit test) and returns the file, or null when
   * it cannot be written.
   */
  public static Path keepAsText(Class<?> target, String method, byte[] input) {
    Path dir = Paths.get("target", "fuzz-findings", target.getSimpleName() + "." + method);
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("structured-" + sha256(input).substring(0, 16) + ".txt");
      Files.write(file, input);
      System.err.println("the input " + target.getSimpleName() + "." + method + " built is in " + file.toAbsolutePath());
      return file;
    } catch (IOException e) {
      System.err.println("could not keep the fuzz finding in " + dir.toAbsolutePath() + ": " + e);
      return null;
    }
  }

  private static String sha256(byte[] input) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
