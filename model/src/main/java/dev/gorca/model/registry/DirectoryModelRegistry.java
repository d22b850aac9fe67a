package dev.gorca.model.registry;

import static dev.gorca.model.registry.ModelCandidate.CHECKSUMS_FILE;
import static dev.gorca.model.registry.ModelCandidate.MODEL_FILE;
import static dev.gorca.model.registry.ModelCandidate.PROVENANCE_FILE;
import static dev.gorca.model.registry.ModelRejectedException.Reason.CHECKSUM_MISMATCH;
import static dev.gorca.model.registry.ModelRejectedException.Reason.FEATURES_MISMATCH;
import static dev.gorca.model.registry.ModelRejectedException.Reason.MISSING_FILE;
import static dev.gorca.model.registry.ModelRejectedException.Reason.NOT_FOUND;
import static dev.gorca.model.registry.ModelRejectedException.Reason.SCHEMA_MISMATCH;
import static dev.gorca.model.registry.ModelRejectedException.Reason.UNEXPECTED_FILE;
import static dev.gorca.model.registry.ModelRejectedException.Reason.UNREADABLE;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The default registry: one directory per model version, a {@code CURRENT} pointer and a
 * {@code history.jsonl} of promotions (docs/model.md shows the layout).
 *
 * <p>Every file reaches its final name by an atomic rename of a fully written and synced temp file,
 * so a reader sees the old or the new content, never a mix, and a crash leaves at most a
 * {@code .tmp-*} file behind, which the next writer deletes. Writers (save, promote, rollback) also
 * hold an exclusive lock on {@code .lock} (OS file lock between processes, a lock per directory
 * within this JVM), so two processes promoting at once serialize and history agrees with CURRENT.
 */
public final class DirectoryModelRegistry implements ModelRegistry {
  public static final String CURRENT_FILE = "CURRENT";
  public static final String HISTORY_FILE = "history.jsonl";
  static final String LOCK_FILE = ".lock";
  static final String TEMP_PREFIX = ".tmp-";
  private static final Map<Path, ReentrantLock> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path root;
  private final Clock clock;

  public DirectoryModelRegistry(Path root) {
    this(root, Clock.systemUTC());
  }

  public DirectoryModelRegistry(Path root, Clock clock) {
    this.clock = clock;
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the model registry directory " + root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** One promotion or rollback, as history.jsonl records it. */
  public record Promotion(Instant at, String action, String modelId, String previousModelId) {
    public static final String PROMOTE = "promote";
    public static final String ROLLBACK = "rollback";
  }

  // ---- save

  @Override
  public String save(ModelCandidate candidate) {
    Provenance provenance = candidate.provenance();
    String id = provenance.modelId();
    String contentHash = ModelIds.contentHash(candidate.modelText());
    if (!contentHash.startsWith(ModelIds.hashPart(id))) {
      throw new IllegalArgumentException("model id " + id + " does not end with the model text's hash " + contentHash.substring(0, 8)
          + "; build the id from this text (Provenance.Builder.modelIdFor or ModelIds.of)");
    }
    List<String> textFeatures = ModelText.featureNames(candidate.modelText());
    if (!textFeatures.equals(provenance.featureNames())) {
      throw new IllegalArgumentException("the model text's feature_names differ from the provenance's feature list: "
          + FeatureLists.firstDifference(textFeatures, provenance.featureNames(), "model text", "provenance")
          + "; train on the rows of the provenance's feature schema");
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(MODEL_FILE, candidate.modelText().getBytes(StandardCharsets.UTF_8));
    files.put(PROVENANCE_FILE, ProvenanceJson.write(provenance));
    files.putAll(candidate.extras());
    Map<String, String> checksums = new TreeMap<>();
    files.forEach((name, bytes) -> checksums.put(name, ModelIds.sha256(bytes)));
    return locked(() -> {
      Path target = root.resolve(id);
      if (Files.exists(target)) return sameOrRefuse(id, checksums);
      Path staging = root.resolve(TEMP_PREFIX + "save-" + id + "-" + UUID.randomUUID());
      try {
        Files.createDirectory(staging);
        for (Map.Entry<String, byte[]> file : files.entrySet()) writeSynced(staging.resolve(file.getKey()), file.getValue(), false);
        writeSynced(staging.resolve(CHECKSUMS_FILE), checksumsJson(checksums), false);
        syncDirectory(staging);
        Files.move(staging, target, ATOMIC_MOVE);
        syncDirectory(root);
        return id;
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        deleteTree(staging);
        return sameOrRefuse(id, checksums);
      } catch (IOException e) {
        deleteTree(staging);
        throw new UncheckedIOException("cannot save model " + id + " into " + root, e);
      }
    });
  }

  private String sameOrRefuse(String id, Map<String, String> checksums) {
    Map<String, String> stored = readChecksums(id, root.resolve(id));
    if (stored.equals(checksums)) return id;
    throw new IllegalStateException("another model with id " + id + " is already stored in " + root.resolve(id)
        + " with different files; a model id names one content: keep the stored one or delete its directory first");
  }

  // ---- load

  @Override
  public StoredModel load(String modelId, FeatureContract expected) {
    Verified verified = verify(modelId);
    Provenance provenance = verified.provenance;
    if (!provenance.featureSchemaVersion().equals(expected.schemaVersion())) {
      throw new ModelRejectedException(SCHEMA_MISMATCH, modelId, "model " + modelId + " refused: " + PROVENANCE_FILE
          + " field feature_schema_version is \"" + provenance.featureSchemaVersion() + "\", the caller expects \""
          + expected.schemaVersion() + "\". The model was trained on other features: promote a model trained on "
          + expected.schemaVersion() + ", or compute the features with the model's schema.");
    }
    if (!provenance.featureNames().equals(expected.featureNames())) {
      throw new ModelRejectedException(FEATURES_MISMATCH, modelId, "model " + modelId + " refused: " + PROVENANCE_FILE
          + " field feature_names differs from the caller's feature list under the same schema version "
          + expected.schemaVersion() + ": " + FeatureLists.firstDifference(provenance.featureNames(), expected.featureNames(), "model", "caller")
          + ". The schema changed without a version bump: bump FeatureSchema.BASE_VERSION and retrain.");
    }
    String modelText = new String(verified.files.get(MODEL_FILE), StandardCharsets.UTF_8);
    List<String> textFeatures = ModelText.featureNames(modelText);
    if (!textFeatures.equals(provenance.featureNames())) {
      throw new ModelRejectedException(FEATURES_MISMATCH, modelId, "model " + modelId + " refused: " + MODEL_FILE
          + " feature_names differ from " + PROVENANCE_FILE + ": "
          + FeatureLists.firstDifference(textFeatures, provenance.featureNames(), MODEL_FILE, PROVENANCE_FILE)
          + ". The files do not belong together: save the model again from its training run.");
    }
    Map<String, byte[]> extras = new TreeMap<>(verified.files);
    extras.remove(MODEL_FILE);
    extras.remove(PROVENANCE_FILE);
    return new StoredModel(provenance, modelText, extras, verified.directory);
  }

  private record Verified(Provenance provenance, Map<String, byte[]> files, Path directory) {}

  /** Every checksum and the provenance, without the caller's feature contract. */
  private Verified verify(String modelId) {
    if (!ModelIds.isValid(modelId)) {
      throw new ModelRejectedException(NOT_FOUND, modelId, "\"" + modelId + "\" is not a model id (gorca-20261125T124800Z-1a2b3c4d); "
          + "stored models: " + storedIds());
    }
    Path directory = root.resolve(modelId);
    if (!Files.isDirectory(directory)) {
      throw new ModelRejectedException(NOT_FOUND, modelId, "no model " + modelId + " in " + root + "; stored models: " + storedIds());
    }
    Map<String, String> expected = readChecksums(modelId, directory);
    Map<String, byte[]> files = new TreeMap<>();
    for (Map.Entry<String, String> entry : expected.entrySet()) {
      Path file = directory.resolve(entry.getKey());
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new ModelRejectedException(MISSING_FILE, modelId, "model " + modelId + " refused: " + entry.getKey()
            + " is listed in " + CHECKSUMS_FILE + " but missing from " + directory
            + ". Restore the directory from a backup, or save the model again from its training run.");
      } catch (IOException e) {
        throw new ModelRejectedException(UNREADABLE, modelId, "model " + modelId + " refused: cannot read " + file + ": " + e, e);
      }
      String found = ModelIds.sha256(bytes);
      if (!found.equals(entry.getValue())) {
        throw new ModelRejectedException(CHECKSUM_MISMATCH, modelId, "model " + modelId + " refused: " + entry.getKey()
            + " has SHA-256 " + found + ", " + CHECKSUMS_FILE + " expects " + entry.getValue() + " (" + file
            + "). The file changed after it was saved (corruption or a hand edit): restore the directory from a backup,"
            + " or save the model again from its training run.");
      }
      files.put(entry.getKey(), bytes);
    }
    for (String name : listFiles(directory)) {
      if (!name.equals(CHECKSUMS_FILE) && !expected.containsKey(name)) {
        throw new ModelRejectedException(UNEXPECTED_FILE, modelId, "model " + modelId + " refused: " + name + " in " + directory
            + " is not listed in " + CHECKSUMS_FILE + ". Files are only added through save(); remove it, or save the"
            + " model again with it as an extra artifact.");
      }
    }
    for (String required : List.of(MODEL_FILE, PROVENANCE_FILE)) {
      if (!files.containsKey(required)) {
        throw new ModelRejectedException(MISSING_FILE, modelId, "model " + modelId + " refused: " + CHECKSUMS_FILE + " in "
            + directory + " does not list " + required + ". Save the model again from its training run.");
      }
    }
    Provenance provenance;
    try {
      provenance = ProvenanceJson.read(files.get(PROVENANCE_FILE));
    } catch (IOException | RuntimeException e) {
      throw new ModelRejectedException(UNREADABLE, modelId, "model " + modelId + " refused: " + PROVENANCE_FILE + " in " + directory
          + " cannot be read: " + e.getMessage() + ". Save the model again from its training run.", e);
    }
    if (!provenance.modelId().equals(modelId)) {
      throw new ModelRejectedException(UNREADABLE, modelId, "model " + modelId + " refused: " + PROVENANCE_FILE
          + " field model_id is \"" + provenance.modelId() + "\", expected the directory's name \"" + modelId
          + "\". A model directory was renamed or copied over another: save the model again.");
    }
    return new Verified(provenance, files, directory);
  }

  private Map<String, String> readChecksums(String modelId, Path directory) {
    Path file = directory.resolve(CHECKSUMS_FILE);
    JsonNode root;
    try {
      root = ProvenanceJson.JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ModelRejectedException(MISSING_FILE, modelId, "model " + modelId + " refused: " + CHECKSUMS_FILE
          + " is missing from " + directory + ", so nothing in it can be trusted. Save the model again from its training run.");
    } catch (IOException e) {
      throw new ModelRejectedException(UNREADABLE, modelId, "model " + modelId + " refused: " + CHECKSUMS_FILE + " in " + directory
          + " is not JSON (" + e.getMessage() + "). Restore it from a backup, or save the model again.", e);
    }
    JsonNode sums = root == null ? null : root.get("sha256");
    if (sums == null || !sums.isObject()) {
      throw new ModelRejectedException(UNREADABLE, modelId, "model " + modelId + " refused: " + CHECKSUMS_FILE + " in " + directory
          + " has no \"sha256\" object of file name to hash. Restore it from a backup, or save the model again.");
    }
    Map<String, String> checksums = new TreeMap<>();
    sums.fields().forEachRemaining(e -> checksums.put(e.getKey(), e.getValue().asText()));
    return checksums;
  }

  private static byte[] checksumsJson(Map<String, String> checksums) {
    ObjectNode root = ProvenanceJson.JSON.createObjectNode();
    root.put("algorithm", "SHA-256");
    ObjectNode sums = root.putObject("sha256");
    checksums.forEach(sums::put);
    return (root.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  // ---- list

  /** Provenance of every model directory whose provenance.json reads; checksums are checked by load. */
  @Override
  public List<Provenance> list() {
    List<Provenance> all = new ArrayList<>();
    for (String id : storedIds()) {
      try {
        all.add(ProvenanceJson.read(Files.readAllBytes(root.resolve(id).resolve(PROVENANCE_FILE))));
      } catch (IOException | RuntimeException unreadable) {
        // load() explains what is wrong with it; a listing shows what can be used.
      }
    }
    all.sort(Comparator.comparing(Provenance::trainedAt).thenComparing(Provenance::modelId));
    return all;
  }

  private List<String> storedIds() {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(ModelIds::isValid).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  // ---- promote, rollback, current

  @Override
  public void promote(String modelId) {
    locked(() -> {
      verify(modelId);
      State state = readState();
      if (modelId.equals(state.current)) return null;
      appendAndPoint(state, new Promotion(clock.instant(), Promotion.PROMOTE, modelId, state.current));
      return null;
    });
  }

  @Override
  public String rollback() {
    return locked(() -> {
      State state = readState();
      if (state.stack.size() < 2) {
        throw new IllegalStateException(state.stack.isEmpty()
            ? "nothing to roll back: no model was ever promoted in " + root
            : "nothing to roll back to: " + state.current + " is the only model left in the promotion history of " + root);
      }
      String previous = state.stack.get(state.stack.size() - 2);
      verify(previous);
      appendAndPoint(state, new Promotion(clock.instant(), Promotion.ROLLBACK, previous, state.current));
      return previous;
    });
  }

  /** Reads CURRENT alone: the atomic rename guarantees it holds one whole id. */
  @Override
  public Optional<String> current() {
    try {
      String id = Files.readString(root.resolve(CURRENT_FILE), StandardCharsets.UTF_8).trim();
      if (!ModelIds.isValid(id)) {
        throw new IllegalStateException(root.resolve(CURRENT_FILE) + " holds \"" + id + "\", not a model id; promote a model to rewrite it");
      }
      return Optional.of(id);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(CURRENT_FILE), e);
    }
  }

  /** Every promotion and rollback, oldest first. */
  public List<Promotion> history() {
    return readHistory();
  }

  /** History replayed: a promotion pushes its model, a rollback pops the current one. */
  private record State(List<Promotion> events, List<String> stack, String current) {}

  private State readState() {
    List<Promotion> events = readHistory();
    List<String> stack = new ArrayList<>();
    for (Promotion event : events) {
      if (event.action().equals(Promotion.PROMOTE)) {
        // The first promotion over a CURRENT written before history.jsonl existed (a copied registry)
        // names that model as previous: it is the bottom of the stack, so a rollback can reach it.
        if (stack.isEmpty() && event.previousModelId() != null) stack.add(event.previousModelId());
        stack.add(event.modelId());
      } else if (!stack.isEmpty()) {
        stack.remove(stack.size() - 1);
      }
    }
    Optional<String> pointer = current();
    if (stack.isEmpty()) {
      pointer.ifPresent(stack::add); // a CURRENT from before history.jsonl existed
      return new State(events, stack, pointer.orElse(null));
    }
    String top = stack.get(stack.size() - 1);
    // A writer that died between renaming history.jsonl and CURRENT left CURRENT one step behind.
    if (!pointer.equals(Optional.of(top))) writeSynced(root.resolve(CURRENT_FILE), (top + "\n").getBytes(StandardCharsets.UTF_8), true);
    return new State(events, stack, top);
  }

  /** History first, then CURRENT: if we die in between, the next writer's readState repairs CURRENT. */
  private void appendAndPoint(State state, Promotion event) {
    List<Promotion> events = new ArrayList<>(state.events);
    events.add(event);
    StringBuilder lines = new StringBuilder();
    for (Promotion e : events) {
      ObjectNode line = ProvenanceJson.JSON.createObjectNode();
      line.put("at", e.at().toString());
      line.put("action", e.action());
      line.put("model_id", e.modelId());
      if (e.previousModelId() == null) line.putNull("previous_model_id"); else line.put("previous_model_id", e.previousModelId());
      lines.append(line).append('\n');
    }
    writeSynced(root.resolve(HISTORY_FILE), lines.toString().getBytes(StandardCharsets.UTF_8), true);
    writeSynced(root.resolve(CURRENT_FILE), (event.modelId() + "\n").getBytes(StandardCharsets.UTF_8), true);
  }

  private List<Promotion> readHistory() {
    List<String> lines;
    try {
      lines = Files.readAllLines(root.resolve(HISTORY_FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(HISTORY_FILE), e);
    }
    List<Promotion> events = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      try {
        JsonNode node = ProvenanceJson.JSON.readTree(lines.get(i));
        JsonNode previous = node.get("previous_model_id");
        events.add(new Promotion(Instant.parse(node.get("at").asText()), node.get("action").asText(),
            node.get("model_id").asText(), previous == null || previous.isNull() ? null : previous.asText()));
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(root.resolve(HISTORY_FILE) + " line " + (i + 1) + " is not a promotion record: \""
            + lines.get(i) + "\"; the file is only written by atomic rename, so it was edited by hand: fix or remove that line", e);
      }
    }
    return events;
  }

  // ---- files and locks

  /** Runs a write under the registry's lock: one writer at a time, across threads and processes. */
  private <T> T locked(Supplier<T> write) {
    ReentrantLock inThisJvm = LOCKS_IN_THIS_JVM.computeIfAbsent(root, r -> new ReentrantLock());
    inThisJvm.lock();
    try (FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), CREATE, WRITE)) {
      FileLock betweenProcesses = channel.lock();
      try {
        deleteLeftoverTempFiles();
        return write.get();
      } finally {
        betweenProcesses.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + root.resolve(LOCK_FILE), e);
    } finally {
      inThisJvm.unlock();
    }
  }

  /** Under the lock no other writer exists, so every temp file is a crashed writer's leftover. */
  private void deleteLeftoverTempFiles() throws IOException {
    try (Stream<Path> children = Files.list(root)) {
      for (Path leftover : children.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
        deleteTree(leftover);
      }
    }
  }

  /** Writes and syncs {@code target}; with {@code viaTemp}, a synced temp file renamed over it atomically. */
  private void writeSynced(Path target, byte[] content, boolean viaTemp) {
    Path written = viaTemp ? target.resolveSibling(TEMP_PREFIX + target.getFileName() + "-" + UUID.randomUUID()) : target;
    try {
      try (FileChannel channel = FileChannel.open(written, CREATE_NEW, WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) channel.write(buffer);
        channel.force(true);
      }
      if (viaTemp) {
        Files.move(written, target, ATOMIC_MOVE);
        syncDirectory(target.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, READ)) {
      channel.force(true);
    } catch (IOException notSupportedOnThisPlatform) {
      // Linux syncs a directory this way; where it cannot, the rename is still atomic, only less durable.
    }
  }

  private static List<String> listFiles(Path directory) {
    try (Stream<Path> children = Files.list(directory)) {
      return children.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  private static void deleteTree(Path path) {
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (NoSuchFileException gone) {
      // already deleted
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  /** The registry's directory, as a person would type it. */
  @Override
  public String toString() {
    return root.toString();
  }
}
