package dev.gorca.model.gbm;

import static com.microsoft.ml.lightgbm.lightgbmlib.LGBM_GetLastError;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_doubleArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_floatArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_intArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.delete_int64_tp;
import static com.microsoft.ml.lightgbm.lightgbmlib.doubleArray_getitem;
import static com.microsoft.ml.lightgbm.lightgbmlib.doubleArray_setitem;
import static com.microsoft.ml.lightgbm.lightgbmlib.floatArray_setitem;
import static com.microsoft.ml.lightgbm.lightgbmlib.intArray_setitem;
import static com.microsoft.ml.lightgbm.lightgbmlib.int64_tp_value;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_doubleArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_floatArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_intArray;
import static com.microsoft.ml.lightgbm.lightgbmlib.new_int64_tp;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The few things every caller of the low-level {@code lightgbmlib} needs: the native library
 * loaded once, return codes turned into exceptions with LightGBM's own message, and native arrays
 * that are freed by try-with-resources. Only lightgbm4j's loader is used from its high-level API.
 */
final class LightGbmNative {
  /** The LightGBM release bundled in the lightgbm4j artifact when its pom.properties cannot be read. */
  private static final String BUNDLED_VERSION_FALLBACK = "4.3.0";

  private static volatile boolean loaded;

  private LightGbmNative() {}

  /**
   * Loads lib_lightgbm once per JVM. lightgbm4j unpacks it to {@code java.io.tmpdir/lib_lightgbm.so},
   * overwriting whatever is there: a second gorca JVM doing the same while the first has it mapped kills
   * the first (SIGSEGV/SIGBUS, STACK.md). So the unpacking goes to a directory of this process's own,
   * and the files are deleted once loaded (the mapping stays; nothing is left in /tmp).
   */
  static void load() {
    if (loaded) return;
    synchronized (LightGbmNative.class) {
      if (loaded) return;
      String tmpdir = System.getProperty("java.io.tmpdir");
      Path own = null;
      try {
        own = Files.createTempDirectory(Path.of(tmpdir), "gorca-lightgbm-");
        System.setProperty("java.io.tmpdir", own.toString());
        LGBMBooster.loadNative();
      } catch (IOException | UnsatisfiedLinkError e) {
        throw new GbmException("cannot load the LightGBM native library from the lightgbm4j jar into "
            + (own == null ? tmpdir : own) + " (needs libgomp and a writable java.io.tmpdir): " + e, e);
      } finally {
        System.setProperty("java.io.tmpdir", tmpdir);
        deleteQuietly(own);
      }
      loaded = true;
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) return;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Left behind in the tmpdir: harmless, and never shared with another process.
    }
  }

  /** Throws with LightGBM's last error when a C API call did not return 0. */
  static void check(int returnCode, String call) {
    if (returnCode != 0) {
      throw new GbmException(call + " failed (code " + returnCode + "): " + LGBM_GetLastError());
    }
  }

  /**
   * The LightGBM version inside the lightgbm4j artifact: its version {@code 4.3.0-1} is LightGBM
   * 4.3.0, packaging revision 1.
   */
  static String lightGbmVersion() {
    try (InputStream in = LGBMBooster.class.getResourceAsStream(
        "/META-INF/maven/io.github.metarank/lightgbm4j/pom.properties")) {
      if (in == null) return BUNDLED_VERSION_FALLBACK;
      Properties properties = new Properties();
      properties.load(in);
      String artifactVersion = properties.getProperty("version", BUNDLED_VERSION_FALLBACK);
      int dash = artifactVersion.indexOf('-');
      return dash < 0 ? artifactVersion : artifactVersion.substring(0, dash);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lightgbm4j's pom.properties", e);
    }
  }

  /** A native double buffer; LightGBM writes predictions into it. */
  static final class Doubles implements AutoCloseable {
    final SWIGTYPE_p_double pointer;
    final int length;

    Doubles(long length) {
      if (length <= 0 || length > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("native buffer length must be in 1.." + Integer.MAX_VALUE + ", got " + length);
      }
      this.length = (int) length;
      this.pointer = new_doubleArray(length);
    }

    static Doubles copyOf(double[] values) {
      Doubles doubles = new Doubles(values.length);
      for (int i = 0; i < values.length; i++) doubleArray_setitem(doubles.pointer, i, values[i]);
      return doubles;
    }

    /** Rows laid out row-major, the layout LightGBM's dense-matrix calls are told to expect. */
    static Doubles rowMajor(double[][] rows, int columns) {
      Doubles doubles = new Doubles((long) rows.length * columns);
      long at = 0;
      for (double[] row : rows) {
        for (int c = 0; c < columns; c++) doubleArray_setitem(doubles.pointer, at++, row[c]);
      }
      return doubles;
    }

    double get(long index) {
      return doubleArray_getitem(pointer, index);
    }

    void copyTo(double[] target, int from, int count) {
      for (int i = 0; i < count; i++) target[i] = doubleArray_getitem(pointer, from + i);
    }

    @Override
    public void close() {
      delete_doubleArray(pointer);
    }
  }

  /** A native float buffer: labels and weights are float32 dataset fields. */
  static final class Floats implements AutoCloseable {
    final SWIGTYPE_p_float pointer;

    Floats(float[] values) {
      this.pointer = new_floatArray(Math.max(values.length, 1));
      for (int i = 0; i < values.length; i++) floatArray_setitem(pointer, i, values[i]);
    }

    @Override
    public void close() {
      delete_floatArray(pointer);
    }
  }

  /** A native int32 buffer (leaf indices for refit). */
  static final class Ints implements AutoCloseable {
    final SWIGTYPE_p_int pointer;

    Ints(int[] values) {
      this.pointer = new_intArray(Math.max(values.length, 1));
      for (int i = 0; i < values.length; i++) intArray_setitem(pointer, i, values[i]);
    }

    @Override
    public void close() {
      delete_intArray(pointer);
    }
  }

  /** One native int64 (the length LightGBM reports back). */
  static final class Int64 implements AutoCloseable {
    final SWIGTYPE_p_long_long pointer = new_int64_tp();

    long value() {
      return int64_tp_value(pointer);
    }

    @Override
    public void close() {
      delete_int64_tp(pointer);
    }
  }
}
