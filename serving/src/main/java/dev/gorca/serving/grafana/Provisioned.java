package dev.gorca.serving.grafana;

import java.util.Locale;
import java.util.Objects;

/** What provisioning did to one Grafana object, identified by its uid. */
public record Provisioned(Kind kind, String uid, String title, Action action) {
  public enum Kind { DATASOURCE, FOLDER, DASHBOARD }

  public enum Action { CREATED, UPDATED, UNCHANGED }

  public Provisioned {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(uid, "uid == null");
    Objects.requireNonNull(title, "title == null");
    Objects.requireNonNull(action, "action == null");
  }

  /** One progress line, e.g. {@code datasource  gorca-incidents       created    "gorca incidents"}. */
  public String line() {
    return String.format(Locale.ROOT, "%-11s %-22s %-10s \"%s\"", kind.name().toLowerCase(Locale.ROOT), uid,
        action.name().toLowerCase(Locale.ROOT), title);
  }
}
