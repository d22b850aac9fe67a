package dev.gorca.model.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.features.schema.FeatureSchema;
import dev.gorca.ingest.gotrace.CrashKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaybooksTest {
  /** Backticked names that look like features: they must be features, so the advice never drifts from the schema. */
  private static final Pattern FEATURE_LIKE = Pattern.compile(
      "`((?:goroutines|threads|heap|rss|open_fds|fds|last_sample|allocation_rate|gc|cpu|sample_count|largest_gap"
          + "|dump|crash|has)_[a-z0-9_]+)(?: [=<>≥≈→][^`]*)?`");
  private static final Pattern CRASH_KIND_VALUE = Pattern.compile("`crash_kind = ([a-z_]+)`");

  @Test
  void everyCauseHasABundledPlaybookWithAtLeastThreeChecksAndThreeFixes() {
    for (RootCause cause : RootCause.all()) {
      Playbook playbook = Playbooks.forCause(cause);
      assertSame(cause, playbook.cause());
      assertTrue(playbook.whatToCheck().size() >= 3, cause.id() + " has fewer than 3 checks");
      assertTrue(playbook.howToFix().size() >= 3, cause.id() + " has fewer than 3 fixes");
      assertTrue(playbook.typicalBugs().size() >= 3, cause.id() + " has fewer than 3 typical bugs");
      assertTrue(!playbook.tellApart().isEmpty(), cause.id() + " names no look-alike");
    }
  }

  @Test
  void allListsThePlaybooksInClassIndexOrder() {
    assertEquals(RootCause.all(), Playbooks.bundled().all().stream().map(Playbook::cause).toList());
  }

  @Test
  void everyFeatureThePlaybooksNameIsInTheFeatureSchema() {
    FeatureSchema schema = FeatureSchema.current();
    List<String> unknown = new ArrayList<>();
    for (String text : allTexts()) {
      Matcher m = FEATURE_LIKE.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        if (RootCause.parse(name).isEmpty() && !schema.has(name)) unknown.add(name);
      }
    }
    assertEquals(List.of(), unknown, "names in playbooks.json that are not features of " + schema.version());
  }

  @Test
  void everyCrashKindThePlaybooksNameExists() {
    List<String> unknown = new ArrayList<>();
    for (String text : allTexts()) {
      Matcher m = CRASH_KIND_VALUE.matcher(text);
      while (m.find()) {
        if (CrashKind.fromId(m.group(1)) == null) unknown.add(m.group(1));
      }
    }
    assertEquals(List.of(), unknown, "crash kinds in playbooks.json that CrashKind does not have");
  }

  @Test
  void aMissingCauseIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("{\"playbooks\": []}"));
    assertEquals("test.json: $.playbooks: expected a playbook for every root cause, found none for goroutine_leak;"
        + " add one", e.getMessage());
  }

  @Test
  void anUnknownCauseIsRefusedWithTheValidIds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read("{\"playbooks\": [" + entry("data_race") + "]}"));
    assertTrue(e.getMessage().startsWith("test.json: $.playbooks[0].cause: expected a root cause id, one of"
        + " goroutine_leak, deadlock,"), e.getMessage());
    assertTrue(e.getMessage().endsWith("found \"data_race\"; see docs/root-causes.md"), e.getMessage());
  }

  @Test
  void aSecondPlaybookForOneCauseIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> read("{\"playbooks\": [" + entry("deadlock") + ", " + entry("deadlock") + "]}"));
    assertEquals("test.json: $.playbooks[1]: found a second playbook for deadlock; keep one per root cause",
        e.getMessage());
  }

  @Test
  void aMisspeltFieldIsRefusedWithTheKnownOnes() {
    String json = "{\"playbooks\": [" + entry("deadlock").replace("\"what_to_check\"", "\"what_to_chek\"") + "]}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
    assertEquals("test.json: $.playbooks[0]: found an unknown field \"what_to_chek\"; expected only [cause,"
        + " description, how_it_shows, how_to_fix, references, tell_apart, typical_bugs, what_to_check]",
        e.getMessage());
  }

  @Test
  void anEmptyStepListIsRefusedWithItsPath() {
    String json = "{\"playbooks\": [" + entry("deadlock").replace("\"how_to_fix\": [\"f\"]", "\"how_to_fix\": []")
        + "]}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
    assertEquals("test.json: $.playbooks[0].how_to_fix: expected a non-empty list of non-blank strings, found an"
        + " empty list", e.getMessage());
  }

  @Test
  void aRecordRuleBrokenInTheFileIsReportedWithItsPathAndCause() {
    String json = "{\"playbooks\": [" + entry("deadlock").replace("\"cause\": \"lock_contention\"",
        "\"cause\": \"deadlock\"") + "]}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));
    assertEquals("test.json: $.playbooks[0] (deadlock): tellApart of deadlock names deadlock itself",
        e.getMessage());
  }

  @Test
  void malformedJsonSaysWhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("{\"playbooks\": [}"));
    assertTrue(e.getMessage().startsWith("test.json: expected JSON, found malformed input: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" at line 1; fix the syntax"), e.getMessage());
  }

  private static Playbooks read(String json) {
    return Playbooks.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }

  private static String entry(String cause) {
    return "{\"cause\": \"" + cause + "\", \"description\": \"d\", \"typical_bugs\": [\"b\"],"
        + " \"how_it_shows\": {\"crash\": \"c\", \"metrics\": \"m\", \"dump\": \"d\"},"
        + " \"tell_apart\": [{\"cause\": \"lock_contention\", \"how\": \"h\"}],"
        + " \"what_to_check\": [\"w\"], \"how_to_fix\": [\"f\"], \"references\": [\"r\"]}";
  }

  private static List<String> allTexts() {
    List<String> texts = new ArrayList<>();
    for (Playbook p : Playbooks.bundled().all()) {
      texts.add(p.description());
      texts.addAll(p.typicalBugs());
      texts.addAll(List.of(p.howItShows().crash(), p.howItShows().metrics(), p.howItShows().dump()));
      p.tellApart().forEach(d -> texts.add(d.how()));
      Stream.of(p.whatToCheck(), p.howToFix(), p.references()).forEach(texts::addAll);
    }
    return texts;
  }
}
