package dev.gorca.model.training;

/**
 * The quality floors CI enforces on leave-program-out real captures (full view). Measured with the
 * test's own settings (8 variants, seed 20261125) on 2026-11-25 with the frame-level dump features
 * (feature schema 2, 80 programs, docs/model.md): top-1 0.921, top-3 0.983, macro-F1 0.924 (before,
 * schema 1: 0.896 / 0.975 / 0.904; 63 programs: 0.773 / 0.900 / 0.770) — macro-F1 meets its target
 * (0.90), top-1 and top-3 are still short (0.95 / 0.99).
 * The floors sit 0.03 under the measurement, so they catch a regression; raise them as the model
 * improves, never lower them to make a build pass.
 */
final class Floors {
  static final double TOP1 = 0.89;
  static final double TOP3 = 0.95;
  static final double MACRO_F1 = 0.89;

  private Floors() {}
}
