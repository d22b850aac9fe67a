package dev.gorca.ingest.gotrace;

/** What the line readers need from the parse they belong to. */
interface ParseContext {
  /** One instance per distinct function or file name: a 100k-goroutine dump repeats them a lot. */
  String intern(String s);

  /** Records a warning at the current line. */
  void warn(String message);
}
