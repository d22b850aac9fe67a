package dev.gorca.model.training;

/**
 * The quality floors CI enforces on leave-program-out real captures (full view). Measured with the
 * test's own settings on 2026-11-25 after the second round of lab programs (77 programs,
 * docs/model.md): top-1 0.862, top-3 0.948, macro-F1 0.879 (before, 63 programs: 0.773 / 0.900 /
 * 0.770) — still short of the targets (0.95 / 0.99 / 0.90). The floors sit 0.03 under the
 * measurement, so they catch a regression; raise them as the model improves, never lower them to
 * make a build pass.
 */
final class Floors {
  static final double TOP1 = 0.83;
  static final double TOP3 = 0.91;
  static final double MACRO_F1 = 0.84;

  private Floors() {}
}
