package dev.gorca.model.taxonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gorca.model.taxonomy.Playbook.Distinction;
import dev.gorca.model.taxonomy.Playbook.Signs;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaybookTest {
  private static final Signs SIGNS = new Signs("`crash_kind = deadlock`.", "CPU near 0.", "A cycle of locks.");

  private static Playbook deadlock(List<Distinction> tellApart, List<String> checks) {
    return new Playbook(RootCause.DEADLOCK, "Nothing can proceed.", List.of("AB/BA lock order."), SIGNS, tellApart,
        checks, List.of("Take locks in one order."), List.of("sync package docs"));
  }

  @Test
  void toTextNumbersTheStepsAndWrapsUnderTheirOwnIndentNeverInsideACodeSpan() {
    String longStep = "Before restarting a hung process, save its goroutines: `curl -s"
        + " 'http://HOST:PORT/debug/pprof/goroutine?debug=2' > goroutines.txt`, so the evidence survives a restart.";
    Playbook playbook = deadlock(
        List.of(new Distinction(RootCause.LOCK_CONTENTION, "The holder is running.")),
        List.of(longStep, "Find the cycle."));

    assertEquals("""
        deadlock: Deadlock
          A set of goroutines each wait for another in the set (locks, channels, a WaitGroup), so none can
          proceed; the runtime reports it only when nothing else in the process is alive.

          Nothing can proceed.

        Typical bugs
          - AB/BA lock order.

        How it shows
          crash:   `crash_kind = deadlock`.
          metrics: CPU near 0.
          dump:    A cycle of locks.

        Not to be confused with
          - lock_contention: The holder is running.

        What to check
          1. Before restarting a hung process, save its goroutines:
             `curl -s 'http://HOST:PORT/debug/pprof/goroutine?debug=2' > goroutines.txt`, so the evidence
             survives a restart.
          2. Find the cycle.

        How to fix
          1. Take locks in one order.

        References
          - sync package docs
        """, playbook.toText());
  }

  @Test
  void aPlaybookWithoutChecksIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> deadlock(List.of(), List.of()));
    assertEquals("whatToCheck is empty", e.getMessage());
  }

  @Test
  void aBlankStepIsRefusedWithItsPosition() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> deadlock(List.of(), List.of("Find the cycle.", " ")));
    assertEquals("whatToCheck[1] is blank", e.getMessage());
  }

  @Test
  void aCauseCannotBeToldApartFromItself() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> deadlock(List.of(new Distinction(RootCause.DEADLOCK, "Same.")), List.of("Find the cycle.")));
    assertEquals("tellApart of deadlock names deadlock itself", e.getMessage());
  }

  @Test
  void signsNeedEveryKindOfEvidence() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> new Signs("x", null, "y"));
    assertEquals("metrics == null", e.getMessage());
  }
}
