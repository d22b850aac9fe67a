package dev.gorca.model.training;

/** The quality floors CI enforces on leave-program-out real captures (full view); docs/model.md has the measured figures. */
final class Floors {
  static final double TOP1 = 0.0;
  static final double TOP3 = 0.0;
  static final double MACRO_F1 = 0.0;

  private Floors() {}
}
