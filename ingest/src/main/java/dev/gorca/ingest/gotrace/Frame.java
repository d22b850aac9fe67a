package dev.gorca.ingest.gotrace;

import java.util.Objects;

/**
 * One call frame of a goroutine stack: the function line and the file line beneath it.
 *
 * @param function fully qualified function, e.g. {@code main.(*Batcher).loop} or {@code net/http.(*conn).serve}
 * @param arguments the raw argument list between the parentheses ({@code ...} for inlined frames), never null
 * @param file source file, or "" when the runtime printed none (C frames)
 * @param line source line, 0 when unknown
 * @param pcOffset the {@code +0x..} offset, or -1 when absent (inlined frames print none)
 */
public record Frame(String function, String arguments, String file, int line, long pcOffset) {
  public Frame {
    Objects.requireNonNull(function, "function == null");
    Objects.requireNonNull(arguments, "arguments == null");
    Objects.requireNonNull(file, "file == null");
    if (line < 0) throw new IllegalArgumentException("line < 0: " + line);
  }

  /** The import path of the function's package, e.g. {@code net/http} or {@code main}. */
  public String packagePath() {
    return GoNames.packagePath(function);
  }

  /** True for frames of the Go standard library and runtime, which rarely hold the bug. */
  public boolean isStandardLibrary() {
    return GoNames.isStandardLibrary(function);
  }

  /** True for frames that run C code or cross into it. */
  public boolean isCgo() {
    return function.startsWith("_cgo_")
        || function.startsWith("runtime.cgocall")
        || function.startsWith("runtime.asmcgocall")
        || function.contains("._Cfunc_")
        || file.endsWith("_cgo_gotypes.go")
        || file.endsWith(".c");
  }

  /** {@code file:line}, as a Go developer types it into an editor. */
  public String location() {
    return file.isEmpty() ? "?" : file + ":" + line;
  }
}
