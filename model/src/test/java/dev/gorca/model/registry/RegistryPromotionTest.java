package dev.gorca.model.registry;

import static dev.gorca.model.registry.RegistryFixtures.MONDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.THURSDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.TUESDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.WEDNESDAY_NOON;
import static dev.gorca.model.registry.RegistryFixtures.candidate;
import static dev.gorca.model.registry.RegistryFixtures.labContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.model.registry.DirectoryModelRegistry.Promotion;
import dev.gorca.model.registry.ModelRejectedException.Reason;
import dev.gorca.model.registry.RegistryFixtures.TickingClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promote, rollback and CURRENT: semantics, crashes mid-write, and writers racing. */
class RegistryPromotionTest {
  private static final Instant FIRST_PROMOTION = Instant.parse("2026-11-27T09:00:00Z");

  @TempDir Path root;
  private DirectoryModelRegistry registry;
  private String monday;
  private String tuesday;
  private String wednesday;
  private String thursday;

  @BeforeEach
  void saveFour() {
    registry = new DirectoryModelRegistry(root, new TickingClock(FIRST_PROMOTION));
    monday = registry.save(candidate(MONDAY_NOON));
    tuesday = registry.save(candidate(TUESDAY_NOON));
    wednesday = registry.save(candidate(WEDNESDAY_NOON));
    thursday = registry.save(candidate(THURSDAY_NOON));
  }

  @Test
  void nothingIsCurrentBeforeTheFirstPromotion() {
    assertEquals(Optional.empty(), registry.current());
    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.loadCurrent(labContract()));
    assertEquals(Reason.NOT_FOUND, e.reason());
    assertEquals("no model has been promoted yet; save a model and promote it first", e.getMessage());
    IllegalStateException rollback = assertThrows(IllegalStateException.class, registry::rollback);
    assertEquals("nothing to roll back: no model was ever promoted in " + registry.root(), rollback.getMessage());
  }

  @Test
  void rollbackReturnsToThePreviouslyPromotedModelStepByStep() throws Exception {
    registry.promote(monday);
    registry.promote(tuesday);
    registry.promote(wednesday);
    assertEquals(Optional.of(wednesday), registry.current());
    assertEquals(wednesday + "\n", Files.readString(registry.root().resolve("CURRENT")));
    assertEquals(wednesday, registry.loadCurrent(labContract()).modelId());

    assertEquals(tuesday, registry.rollback());
    assertEquals(Optional.of(tuesday), registry.current());
    assertEquals(monday, registry.rollback());
    assertEquals(Optional.of(monday), registry.current());
    IllegalStateException e = assertThrows(IllegalStateException.class, registry::rollback);
    assertEquals("nothing to roll back to: " + monday + " is the only model left in the promotion history of "
        + registry.root(), e.getMessage());
    assertEquals(Optional.of(monday), registry.current());
  }

  @Test
  void aModelMadeCurrentBeforeTheHistoryBeganIsWhereTheFirstRollbackReturns() throws Exception {
    // A registry copied by hand: CURRENT names a model, history.jsonl does not exist yet.
    Files.writeString(registry.root().resolve("CURRENT"), monday + "\n");
    registry.promote(tuesday);
    registry.promote(wednesday);

    assertEquals(tuesday, registry.rollback());
    assertEquals(monday, registry.rollback(), "the model that was current before the first recorded promotion");
    assertThrows(IllegalStateException.class, registry::rollback);
    assertEquals(Optional.of(monday), registry.current());
  }

  @Test
  void aPromotionAfterARollbackStacksOnTheModelRolledBackTo() {
    registry.promote(monday);
    registry.promote(tuesday);
    registry.rollback();
    registry.promote(thursday);
    assertEquals(monday, registry.rollback(), "tuesday was rolled back: it is not the previous promotion any more");
  }

  @Test
  void theHistoryRecordsEveryPromotionAndRollbackWithItsTimeAndPredecessor() {
    registry.promote(monday);
    registry.promote(tuesday);
    registry.promote(tuesday); // already current: not recorded
    registry.rollback();
    assertEquals(List.of(
            new Promotion(FIRST_PROMOTION, "promote", monday, null),
            new Promotion(FIRST_PROMOTION.plusSeconds(60), "promote", tuesday, monday),
            new Promotion(FIRST_PROMOTION.plusSeconds(120), "rollback", monday, tuesday)),
        registry.history());
  }

  @Test
  void aCorruptModelIsNotPromotedAndCurrentStaysAsItWas() throws Exception {
    registry.promote(monday);
    Files.writeString(registry.root().resolve(tuesday).resolve("model.txt"), "tree\n");
    ModelRejectedException e = assertThrows(ModelRejectedException.class, () -> registry.promote(tuesday));
    assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
    assertEquals(Optional.of(monday), registry.current());
    assertEquals(1, registry.history().size());

    ModelRejectedException unknown = assertThrows(ModelRejectedException.class,
        () -> registry.promote("gorca-20200101T000000Z-00000000"));
    assertEquals(Reason.NOT_FOUND, unknown.reason());
  }

  @Test
  void currentSurvivesACrashMidWriteAndTheNextWriterCleansUp() throws Exception {
    registry.promote(monday);
    // A writer died after writing half an id into its temp file, before the rename.
    Path leftover = registry.root().resolve(".tmp-CURRENT-5f0c3d2e-crashed");
    Files.writeString(leftover, tuesday.substring(0, 12));
    Path leftoverSave = Files.createDirectory(registry.root().resolve(".tmp-save-" + thursday + "-crashed"));
    Files.writeString(leftoverSave.resolve("model.txt"), "tr");

    DirectoryModelRegistry afterRestart = new DirectoryModelRegistry(root);
    assertEquals(Optional.of(monday), afterRestart.current());
    assertEquals(List.of(monday, tuesday, wednesday, thursday), afterRestart.list().stream().map(Provenance::modelId).toList());

    afterRestart.promote(tuesday);
    assertFalse(Files.exists(leftover));
    assertFalse(Files.exists(leftoverSave));
    assertEquals(Optional.of(tuesday), afterRestart.current());
    assertEquals(monday, afterRestart.rollback());
  }

  @Test
  void aWriterThatDiedBetweenRenamingHistoryAndCurrentIsRepairedByTheNextWriter() throws Exception {
    registry.promote(monday);
    registry.promote(tuesday);
    // As if the promotion of tuesday had renamed history.jsonl but died before renaming CURRENT.
    Files.writeString(registry.root().resolve("CURRENT"), monday + "\n");
    assertEquals(Optional.of(monday), registry.current());

    registry.promote(wednesday);
    assertEquals(tuesday, registry.rollback(), "history is the record: tuesday was promoted before wednesday");
    assertEquals(Optional.of(tuesday), registry.current());
  }

  @Test
  void twoProcessesPromotingAtOnceSerializeAndLeaveACompleteChain(@TempDir Path childTmp) throws Exception {
    int times = 40;
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        "-Djava.io.tmpdir=" + childTmp, PromoteLoop.class.getName(), root.toString(), monday, tuesday, Integer.toString(times))
        .redirectErrorStream(true)
        .start();
    BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", output.readLine());
    DirectoryModelRegistry here = new DirectoryModelRegistry(root);
    for (int i = 0; i < times; i++) here.promote(i % 2 == 0 ? wednesday : thursday);
    StringBuilder rest = new StringBuilder();
    for (String line; (line = output.readLine()) != null; ) rest.append(line).append('\n');
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), rest.toString());

    assertChainIsComplete(here, 2 * times);
  }

  @Test
  void twoRegistryInstancesInOneJvmPromotingFromManyThreadsSerializeToo() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    String[][] pairs = {{monday, tuesday}, {wednesday, thursday}};
    for (int t = 0; t < 2; t++) {
      String[] pair = pairs[t];
      DirectoryModelRegistry instance = new DirectoryModelRegistry(root);
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 25; i++) instance.promote(pair[i % 2]);
        return null;
      }));
    }
    for (Future<?> future : futures) future.get(60, TimeUnit.SECONDS);
    pool.shutdown();
    assertChainIsComplete(new DirectoryModelRegistry(root), 50);
  }

  /** No promotion lost: each one's predecessor is the one before it, and CURRENT is the last. */
  private static void assertChainIsComplete(DirectoryModelRegistry registry, int promotions) {
    List<Promotion> history = registry.history();
    assertEquals(promotions, history.size());
    assertEquals(null, history.get(0).previousModelId());
    for (int i = 1; i < history.size(); i++) {
      assertEquals(history.get(i - 1).modelId(), history.get(i).previousModelId(), "promotion " + i);
    }
    assertEquals(Optional.of(history.get(history.size() - 1).modelId()), registry.current());
  }
}
