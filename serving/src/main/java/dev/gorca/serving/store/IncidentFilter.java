package dev.gorca.serving.store;


/**
 * Which incidents {@link IncidentStore#list} returns, newest first. Pages go backwards in time: pass the last
 * incident's {@code tsMs} as the next page's {@code beforeTsMs}.
 *
 * @param service only this service, or any when null
 * @param rootCause only incidents whose root cause is this: the latest label's when labelled, otherwise the
 *     model's top cause; any when null
 * @param labelled only labelled (true) or unlabelled (false) incidents; any when null
 * @param beforeTsMs only incidents strictly older than this, or any when null
 * @param minConfidence only incidents whose top cause has at least this probability, or any when null
 */
public record IncidentFilter(String service, String rootCause, Boolean labelled, int limit, Long beforeTsMs,
    Double minConfidence) {
  public static final int MAX_LIMIT = 1000;
  public static final IncidentFilter NEWEST_100 = new IncidentFilter(null, null, null, 100, null);

  public IncidentFilter {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("expected a limit in 1.." + MAX_LIMIT + ", found " + limit);
    }
    if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
      throw new IllegalArgumentException("expected a minimum confidence in [0, 1], found " + minConfidence);
    }
  }

  public IncidentFilter(String service, String rootCause, Boolean labelled, int limit, Long beforeTsMs) {
    this(service, rootCause, labelled, limit, beforeTsMs, null);
  }

  public static IncidentFilter newest(int limit) {
    return new IncidentFilter(null, null, null, limit, null);
  }

  public IncidentFilter service(String only) {
    return new IncidentFilter(only, rootCause, labelled, limit, beforeTsMs, minConfidence);
  }

  public IncidentFilter rootCause(String only) {
    return new IncidentFilter(service, only, labelled, limit, beforeTsMs, minConfidence);
  }

  public IncidentFilter labelled(boolean only) {
    return new IncidentFilter(service, rootCause, only, limit, beforeTsMs, minConfidence);
  }

  public IncidentFilter before(long tsMs) {
    return new IncidentFilter(service, rootCause, labelled, limit, tsMs, minConfidence);
  }

  public IncidentFilter minConfidence(double atLeast) {
    return new IncidentFilter(service, rootCause, labelled, limit, beforeTsMs, atLeast);
  }
}
