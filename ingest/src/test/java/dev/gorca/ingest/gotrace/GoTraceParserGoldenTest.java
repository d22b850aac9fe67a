package dev.gorca.ingest.gotrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gorca.ingest.lab.LabCapture;
import dev.gorca.ingest.lab.LabCaptures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact fields on one real capture per format feature. The captures are committed output of the
 * lab's programs (lab/README.md has each command); addresses and ids below were read off the files.
 */
class GoTraceParserGoldenTest {
  private final GoTraceParser parser = new GoTraceParser();

  private GoTrace crash(String name) {
    LabCapture c = LabCaptures.named(name);
    return parser.parse(c.read(c.crash()));
  }

  private static String program(String cause, String program) {
    return LabCaptures.repoRoot().resolve("lab/programs").resolve(cause).resolve(program).resolve("main.go").toString()
        .replace(LabCaptures.repoRoot().toString(), "/work/main");
  }

  @Test
  void go121NilDereferenceNamesTheSignalTheFramesAndTheParentGoroutine() {
    GoTrace trace = crash("go1.21/nil_dereference/nil_method_receiver");

    assertEquals(CrashKind.NIL_DEREFERENCE, trace.kind());
    assertEquals("runtime error: invalid memory address or nil pointer dereference", trace.message());
    assertEquals(new SignalInfo("SIGSEGV", "segmentation violation", "0x1", "0x18", "0x679b8d", false), trace.signal());
    assertEquals(0x18, trace.signal().faultAddress());
    Goroutine g = trace.goroutines().get(0);
    assertEquals(22, g.id());
    assertEquals("running", g.state());
    String file = program("nil_dereference", "nil_method_receiver");
    assertEquals(new Frame("main.(*Customer).DiscountFor", "...", file, 31, -1), g.frames().get(0));
    assertEquals(new Frame("main.(*PricingService).Total", "0xc0000a8300?, {0x0?, 0xc00006ff78?, 0x3?}", file, 64, 0x2d), g.frames().get(1));
    assertEquals(new CreatedBy("main.(*OrderProcessor).Start", 1, file, 77), g.createdBy());
    assertEquals(6, trace.otherOutputLineCount(), "the service's log lines before the panic");
  }

  @Test
  void go119PrintsNoParentGoroutine() {
    Goroutine g = crash("go1.19/nil_dereference/nil_method_receiver").goroutines().get(0);
    assertEquals(7, g.id());
    assertEquals("main.(*OrderProcessor).Start", g.createdBy().function());
    assertEquals(-1, g.createdBy().goroutine());
  }

  @Test
  void go123SystemTracebacksCarryGpMAndMp() {
    GoTrace trace = crash("go1.23/application_panic/pool_goroutine_panic");

    assertEquals(CrashKind.APPLICATION_PANIC, trace.kind());
    assertEquals("(main.Record) 0xc0000c4180", trace.message());
    Goroutine g = trace.goroutines().get(0);
    assertEquals(22, g.id());
    assertEquals("0xc000007c00", g.gp());
    assertEquals(0, g.m());
    assertEquals("0x97d260", g.mp());
    assertEquals(new Frame("panic", "{0x6ebae0?, 0xc0000c4180?}", "/usr/lib/go-1.23/src/runtime/panic.go", 804, 0x168), g.frames().get(0));
    assertEquals("main.(*Validator).Check", g.topApplicationFrame().function());
    long offThread = trace.goroutines().stream().filter(x -> x.m() == -1 && !x.gp().isEmpty()).count();
    assertTrue(offThread > 0, "goroutines not on a thread print m=nil");
  }

  @Test
  void go123StackOverflowElidesTheMiddleAndSaysHowMuch() {
    GoTrace trace = crash("go1.23/stack_overflow/infinite_recursion");

    assertEquals(CrashKind.STACK_OVERFLOW, trace.kind());
    assertEquals(List.of("runtime: goroutine stack exceeds 8388608-byte limit"), trace.runtimeMessages().subList(0, 1));
    Goroutine g = trace.goroutines().get(0);
    assertEquals(87272, g.elidedFrames());
    assertEquals("main.(*Category).Path", g.frames().get(0).function());
    assertTrue(trace.runtimeStack().size() > 0, "the runtime stack: section");
  }

  @Test
  void aRaceReportNamesBothAccessesAndWhereTheirGoroutinesCameFrom() {
    GoTrace trace = crash("go1.23/concurrent_map_access/race_detector");

    assertEquals(CrashKind.RACE_REPORT, trace.kind());
    RaceReport race = trace.races().get(0);
    assertEquals(2, race.accesses().size());
    assertEquals("Read", race.accesses().get(0).operation());
    assertEquals("0x00c00005e000", race.accesses().get(0).address());
    assertEquals(12, race.accesses().get(0).goroutine());
    assertEquals("main.(*Limiter).Allow", race.accesses().get(0).frames().get(0).function());
    assertEquals("Previous write", race.accesses().get(1).operation());
    assertEquals(14, race.accesses().get(1).goroutine());
    assertEquals("main.(*Limiter).RefillLoop", race.accesses().get(1).frames().get(0).function());
    assertEquals(List.of(12L, 14L), race.goroutines().stream().map(RaceReport.Creation::goroutine).toList());
    assertEquals("running", race.goroutines().get(0).status());
  }

  @Test
  void aPanicDuringAPanicKeepsBothValuesInOrder() {
    GoTrace trace = crash("go1.23/application_panic/nested_panic");

    assertEquals(List.of(
        new PanicValue("pq: new row for relation \"payments\" violates check constraint \"amount_positive\"", ""),
        new PanicValue("sql: connection is already closed", "")), trace.panics());
    assertEquals("main.(*Conn).Rollback", trace.goroutines().get(0).frames().get(0).function());
  }

  @Test
  void aRecoveredAndRepanickedRuntimeErrorIsAnnotated() {
    GoTrace trace = crash("go1.23/application_panic/recovered_repanic");
    assertEquals(new PanicValue("runtime error: integer divide by zero", "recovered"), trace.panics().get(0));
    assertEquals(CrashKind.OTHER_RUNTIME_ERROR, trace.kind());
  }

  @Test
  void aWatchdogSigquitDumpReadsTheSignalThePcLineAndTheRegisters() {
    GoTrace trace = crash("go1.23/goroutine_leak/request_timeout");

    assertEquals(CrashKind.SIGQUIT_DUMP, trace.kind());
    assertEquals(new SignalInfo("SIGQUIT", "quit", "0", "", "0x47aa41", false), trace.signal());
    assertEquals("0xca", trace.registers().get("rax"));
    assertEquals(List.of("rax", "rbx", "rcx", "rdx", "rdi", "rsi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13",
        "r14", "r15", "rip", "rflags", "cs", "fs", "gs"), List.copyOf(trace.registers().keySet()), "amd64, in printed order");
    Goroutine g0 = trace.goroutines().get(0);
    assertEquals(0, g0.id());
    assertEquals("idle", g0.state());
    Bucket largest = trace.buckets().get(0);
    assertEquals(500, largest.count());
    assertEquals("chan send", largest.state());
    assertEquals("main.(*Gateway).fetchQuote.func1", largest.topApplicationFrame().function());
    assertEquals("main.(*Gateway).fetchQuote", largest.createdBy().function());
  }
}
