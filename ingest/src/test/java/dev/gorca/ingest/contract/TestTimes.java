package dev.gorca.ingest.contract;

import java.time.Instant;

/** Named instants for tests, so no test carries raw epoch millis. */
public final class TestTimes {
  /** 2023-11-14T22:13:20Z, epoch millis 1700000000000. */
  public static final long CRASH_AT = Instant.parse("2023-11-14T22:13:20Z").toEpochMilli();
  /** Fifteen seconds after {@link #CRASH_AT}: one scrape interval. */
  public static final long NEXT_SCRAPE_AT = Instant.parse("2023-11-14T22:13:35Z").toEpochMilli();
  /** When an operator labelled the incident, a day later. */
  public static final long LABELLED_AT = Instant.parse("2023-11-15T09:00:00Z").toEpochMilli();

  private TestTimes() {}
}
