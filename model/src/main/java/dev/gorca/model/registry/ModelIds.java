package dev.gorca.model.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Model ids: {@code gorca-20261125T124800Z-1a2b3c4d}, the training time (UTC) and the first 8 hex
 * digits of the SHA-256 of the model text. Sorting ids sorts by training time; the hash tells two
 * models trained in the same second apart and ties the id to the content.
 */
public final class ModelIds {
  public static final Pattern PATTERN = Pattern.compile("gorca-(\\d{8}T\\d{6}Z)-([0-9a-f]{8})");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ModelIds() {}

  public static String of(Instant trainedAt, String modelText) {
    return "gorca-" + TIME.format(trainedAt) + "-" + contentHash(modelText).substring(0, 8);
  }

  /** The hash part of an id: the first 8 hex digits of the model text's SHA-256. */
  public static String hashPart(String modelId) {
    requireValid(modelId);
    return modelId.substring(modelId.length() - 8);
  }

  public static String contentHash(String modelText) {
    return sha256(modelText.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static boolean isValid(String modelId) {
    return modelId != null && PATTERN.matcher(modelId).matches();
  }

  public static void requireValid(String modelId) {
    if (!isValid(modelId)) {
      throw new IllegalArgumentException("model id must look like gorca-20261125T124800Z-1a2b3c4d, got: \"" + modelId + "\"");
    }
  }
}
