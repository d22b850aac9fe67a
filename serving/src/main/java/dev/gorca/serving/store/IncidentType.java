package dev.gorca.serving.store;

/** How an incident was seen: a process that died ({@code crash}) or a live one that looked stuck or leaking. */
public enum IncidentType {
  CRASH("crash"),
  LIVE("live");

  private final String id;

  IncidentType(String id) {
    this.id = id;
  }

  /** As stored in the {@code type} column. */
  public String id() {
    return id;
  }

  public static IncidentType byId(String id) {
    for (IncidentType type : values()) {
      if (type.id.equals(id)) {
        return type;
      }
    }
    throw new IllegalArgumentException("expected incident type crash or live, found \"" + id + "\"");
  }
}
