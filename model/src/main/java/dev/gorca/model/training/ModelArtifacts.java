package dev.gorca.model.training;

import dev.gorca.model.eval.Calibrator;
import dev.gorca.model.eval.NoveltyDetector;
import dev.gorca.model.registry.ModelRejectedException;
import dev.gorca.model.registry.StoredModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The files a model version carries beside its LightGBM text: the calibration and the novelty
 * detector (Java-serialized Smile objects, read back only through an allow-list of classes), and
 * its evaluation reports.
 */
public final class ModelArtifacts {
  public static final String CALIBRATION = "calibration.ser";
  public static final String NOVELTY = "novelty.ser";
  public static final String EVALUATION_JSON = "evaluation.json";
  public static final String EVALUATION_MD = "evaluation.md";

  /** Only these classes may be deserialized from a model directory. */
  private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
      "dev.gorca.model.eval.*;smile.**;java.lang.*;java.util.*;[D;[I;[[D;[Ljava.lang.*;maxdepth=64;!*");

  private ModelArtifacts() {}

  public static byte[] serialize(Serializable object) {
    // Gzipped: Smile's isolation trees store a mostly-zero normal vector per node (10 MB raw, ~1 MB gzipped).
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(new GZIPOutputStream(bytes))) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Calibrator calibrator(StoredModel stored) {
    return read(stored, CALIBRATION, Calibrator.class);
  }

  public static NoveltyDetector novelty(StoredModel stored) {
    return read(stored, NOVELTY, NoveltyDetector.class);
  }

  private static <T> T read(StoredModel stored, String name, Class<T> type) {
    byte[] bytes = stored.extra(name).orElseThrow(() -> new ModelRejectedException(ModelRejectedException.Reason.MISSING_FILE,
        stored.modelId(), "model " + stored.modelId() + " has no " + name + " in " + stored.directory()
            + "; it was not saved by gorca train. Retrain it with ./gorca train"));
    try (ObjectInputStream in = new ObjectInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)))) {
      in.setObjectInputFilter(ALLOWED);
      return type.cast(in.readObject());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new ModelRejectedException(ModelRejectedException.Reason.UNREADABLE, stored.modelId(),
          "model " + stored.modelId() + ": cannot read " + name + " (" + e.getMessage()
              + "); the file is damaged or from another gorca version. Retrain with ./gorca train", e);
    }
  }
}
