package dev.gorca.model.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RootCauseTest {
  private static final String VALID_IDS = "goroutine_leak, deadlock, concurrent_map_access, nil_dereference,"
      + " index_out_of_range, memory_leak, gc_pressure, stack_overflow, channel_misuse, sync_misuse,"
      + " lock_contention, cgo_crash, resource_exhaustion, type_assertion, application_panic";

  @Test
  void theIdsAreExactlyTheTaxonomyInClassIndexOrder() {
    assertEquals(List.of("goroutine_leak", "deadlock", "concurrent_map_access", "nil_dereference",
        "index_out_of_range", "memory_leak", "gc_pressure", "stack_overflow", "channel_misuse", "sync_misuse",
        "lock_contention", "cgo_crash", "resource_exhaustion", "type_assertion", "application_panic"),
        RootCause.ids());
  }

  @Test
  void theClassIndexIsTheDeclarationOrderAndReadsBack() {
    for (int i = 0; i < RootCause.all().size(); i++) {
      RootCause cause = RootCause.all().get(i);
      assertEquals(i, cause.classIndex());
      assertEquals(cause, RootCause.fromClassIndex(i));
    }
    assertEquals(RootCause.APPLICATION_PANIC, RootCause.fromClassIndex(14));
  }

  @Test
  void aClassIndexOutsideTheTaxonomyIsRefusedWithTheValidRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RootCause.fromClassIndex(15));
    assertEquals("expected a root-cause class index from 0 to 14, found 15; was the model trained with a newer"
        + " taxonomy?", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RootCause.fromClassIndex(-1));
  }

  @Test
  void everyCauseHasATitleAndASummaryOfOneSentence() {
    for (RootCause cause : RootCause.all()) {
      assertFalse(cause.title().isBlank(), cause.id());
      assertTrue(cause.summary().endsWith("."), cause.id() + ": " + cause.summary());
      assertFalse(cause.summary().substring(0, cause.summary().length() - 1).contains(". "),
          cause.id() + " summary is more than one sentence: " + cause.summary());
    }
    assertEquals("Goroutine leak", RootCause.GOROUTINE_LEAK.title());
  }

  @Test
  void parseFindsACauseByItsExactId() {
    for (RootCause cause : RootCause.all()) assertEquals(Optional.of(cause), RootCause.parse(cause.id()));
  }

  @Test
  void parseIsEmptyForAnythingButAnExactId() {
    for (String id : new String[] {null, "", " ", "GOROUTINE_LEAK", "goroutine-leak", " goroutine_leak",
        "goroutine_leak ", "leak", "data_race"}) {
      assertEquals(Optional.empty(), RootCause.parse(id), String.valueOf(id));
    }
  }

  @Test
  void fromIdReturnsTheCause() {
    assertEquals(RootCause.CONCURRENT_MAP_ACCESS, RootCause.fromId("concurrent_map_access"));
  }

  @Test
  void fromIdOfAnUnknownIdListsTheValidIdsAndPointsAtTheDocs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RootCause.fromId("data_race"));
    assertEquals("expected a root cause id, one of " + VALID_IDS + "; found \"data_race\"; see docs/root-causes.md",
        e.getMessage());
  }

  @Test
  void fromIdSuggestsTheIdMeantWhenOnlyCaseDashesOrBlanksDiffer() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RootCause.fromId(" Goroutine-Leak"));
    assertEquals("expected a root cause id, one of " + VALID_IDS + "; found \" Goroutine-Leak\"; did you mean"
        + " \"goroutine_leak\"?", e.getMessage());
    IllegalArgumentException spaced =
        assertThrows(IllegalArgumentException.class, () -> RootCause.fromId("lock contention"));
    assertTrue(spaced.getMessage().endsWith("did you mean \"lock_contention\"?"), spaced.getMessage());
  }

  @Test
  void fromIdOfNullNamesTheBrokenCondition() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> RootCause.fromId(null));
    assertEquals("id == null", e.getMessage());
  }
}
