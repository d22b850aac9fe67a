package dev.gorca.features.flink;

/** A leak in progress that a live incident was opened for: at most one live incident per episode. */
public final class LiveEpisode {
  public long openedTsMs;
  public long lastDetectedTsMs;
  public String resource;

  public LiveEpisode() {}
}
