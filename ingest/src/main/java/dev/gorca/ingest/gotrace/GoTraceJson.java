package dev.gorca.ingest.gotrace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link GoTrace}, as {@code gorca parse --json} prints it and the API returns
 * it. Field names are snake_case and part of the contract (docs/events.md).
 */
public final class GoTraceJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private GoTraceJson() {}

  public static ObjectNode of(GoTrace trace) {
    ObjectNode node = JSON.objectNode();
    node.put("kind", trace.kind().id());
    node.put("message", trace.message());
    ArrayNode panics = node.putArray("panics");
    for (PanicValue panic : trace.panics()) {
      ObjectNode p = panics.addObject();
      p.put("value", panic.value());
      p.put("annotation", panic.annotation());
    }
    node.put("fatal_error", trace.fatalError());
    ArrayNode runtime = node.putArray("runtime_messages");
    trace.runtimeMessages().forEach(runtime::add);
    SignalInfo signal = trace.signal();
    if (signal == null) node.putNull("signal");
    else node.set("signal", signal(signal));
    ArrayNode races = node.putArray("races");
    for (RaceReport race : trace.races()) races.add(race(race));
    ObjectNode registers = node.putObject("registers");
    for (Map.Entry<String, String> register : trace.registers().entrySet()) {
      registers.put(register.getKey(), register.getValue());
    }
    if (trace.exitStatus() == null) node.putNull("exit_status");
    else node.put("exit_status", trace.exitStatus());
    node.set("runtime_stack", frames(trace.runtimeStack()));
    node.put("goroutine_count", trace.goroutines().size());
    ArrayNode goroutines = node.putArray("goroutines");
    for (Goroutine goroutine : trace.goroutines()) goroutines.add(goroutine(goroutine));
    ArrayNode buckets = node.putArray("buckets");
    for (Bucket bucket : trace.buckets()) buckets.add(bucket(bucket));
    node.put("other_output_lines", trace.otherOutputLineCount());
    ArrayNode warnings = node.putArray("warnings");
    for (ParseWarning warning : trace.warnings()) {
      ObjectNode w = warnings.addObject();
      w.put("line", warning.line());
      w.put("message", warning.message());
    }
    return node;
  }

  static ObjectNode signal(SignalInfo signal) {
    ObjectNode node = JSON.objectNode();
    node.put("name", signal.name());
    node.put("description", signal.description());
    node.put("code", signal.code());
    node.put("addr", signal.address());
    node.put("pc", signal.pc());
    node.put("during_cgo", signal.duringCgo());
    return node;
  }

  static ObjectNode goroutine(Goroutine goroutine) {
    ObjectNode node = JSON.objectNode();
    node.put("id", goroutine.id());
    node.put("state", goroutine.state());
    node.put("wait_minutes", goroutine.waitMinutes());
    node.put("locked_to_thread", goroutine.lockedToThread());
    if (!goroutine.gp().isEmpty()) node.put("gp", goroutine.gp());
    if (goroutine.m() >= 0) node.put("m", goroutine.m());
    if (!goroutine.mp().isEmpty()) node.put("mp", goroutine.mp());
    if (!goroutine.labels().isEmpty()) {
      ObjectNode labels = node.putObject("labels");
      goroutine.labels().forEach(labels::put);
    }
    node.set("frames", frames(goroutine.frames()));
    if (goroutine.elidedFrames() != 0) node.put("elided_frames", goroutine.elidedFrames());
    if (goroutine.stackUnavailable()) node.put("stack_unavailable", true);
    node.set("created_by", createdBy(goroutine.createdBy()));
    return node;
  }

  static ObjectNode bucket(Bucket bucket) {
    ObjectNode node = JSON.objectNode();
    node.put("count", bucket.count());
    node.put("state", bucket.state());
    node.put("min_wait_minutes", bucket.minWaitMinutes());
    node.put("max_wait_minutes", bucket.maxWaitMinutes());
    node.put("locked_to_thread", bucket.lockedToThread());
    node.set("top_application_frame", bucket.topApplicationFrame() == null ? null : frame(bucket.topApplicationFrame()));
    node.set("created_by", createdBy(bucket.createdBy()));
    node.set("frames", frames(bucket.frames()));
    ArrayNode ids = node.putArray("goroutine_ids");
    bucket.goroutineIds().forEach(ids::add);
    return node;
  }

  static ObjectNode race(RaceReport race) {
    ObjectNode node = JSON.objectNode();
    node.put("line", race.line());
    ArrayNode accesses = node.putArray("accesses");
    for (RaceReport.Access access : race.accesses()) {
      ObjectNode a = accesses.addObject();
      a.put("operation", access.operation());
      a.put("address", access.address());
      a.put("goroutine", access.goroutine());
      a.set("frames", frames(access.frames()));
    }
    ArrayNode created = node.putArray("goroutines");
    for (RaceReport.Creation creation : race.goroutines()) {
      ObjectNode c = created.addObject();
      c.put("goroutine", creation.goroutine());
      c.put("status", creation.status());
      c.set("created_at", frames(creation.frames()));
    }
    return node;
  }

  static ArrayNode frames(List<Frame> frames) {
    ArrayNode array = JSON.arrayNode(frames.size());
    for (Frame frame : frames) array.add(frame(frame));
    return array;
  }

  static ObjectNode frame(Frame frame) {
    ObjectNode node = JSON.objectNode();
    node.put("function", frame.function());
    node.put("args", frame.arguments());
    node.put("file", frame.file());
    node.put("line", frame.line());
    if (frame.pcOffset() >= 0) node.put("pc_offset", frame.pcOffset());
    return node;
  }

  static ObjectNode createdBy(CreatedBy createdBy) {
    if (createdBy == null) return null;
    ObjectNode node = JSON.objectNode();
    node.put("function", createdBy.function());
    if (createdBy.goroutine() >= 0) node.put("goroutine", createdBy.goroutine());
    else node.putNull("goroutine");
    node.put("file", createdBy.file());
    node.put("line", createdBy.line());
    return node;
  }
}
