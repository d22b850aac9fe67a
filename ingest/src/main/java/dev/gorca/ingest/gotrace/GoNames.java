package dev.gorca.ingest.gotrace;

/** Reads Go's qualified function names: which package, and whether it is the standard library. */
public final class GoNames {
  private GoNames() {}

  /**
   * The import path of a function's package. The package ends at the first dot after the last
   * slash: {@code github.com/a/b.(*T).m} is in {@code github.com/a/b}, {@code main.main.func1} in
   * {@code main}.
   */
  public static String packagePath(String function) {
    int slash = function.lastIndexOf('/');
    int dot = function.indexOf('.', slash + 1);
    return dot < 0 ? function : function.substring(0, dot);
  }

  /**
   * Standard-library import paths have no dot in their first element ({@code runtime},
   * {@code net/http}, {@code internal/poll}); module paths have one ({@code github.com/...}).
   * {@code main} is the application. Same rule as the go command's own "standard" test.
   */
  public static boolean isStandardLibrary(String function) {
    String path = packagePath(function);
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    if (first.equals("main") || first.isEmpty()) return false;
    if (first.startsWith("_cgo_") || first.startsWith("_C")) return false;
    return first.indexOf('.') < 0;
  }
}
