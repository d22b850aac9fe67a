package dev.gorca.model.training;

/**
 * The quality CI enforces on leave-program-out real captures (full view): the targets
 * themselves (top-1 ≥ 0.95, top-3 ≥ 0.99, macro-F1 ≥ 0.90), not a margin under a measurement.
 * Measured with the test's own settings ({@link Trainer#DEFAULT_VARIANTS} variants, seed 20261125,
 * feature schema 3, 96 programs) on 2026-12-07: top-1 0.986, top-3 1.000, macro-F1 0.989. Training is
 * deterministic (one thread, fixed seeds), so the same code gives the same figures on every machine;
 * other split seeds gave top-1 0.976 and 0.962 (docs/model.md): the margin is one to three programs
 * (3 of 288 rows each). Never lower these to make a build pass: a change that costs a program is a regression.
 */
final class Floors {
  static final double TOP1 = 0.95;
  static final double TOP3 = 0.99;
  static final double MACRO_F1 = 0.90;

  private Floors() {}
}
