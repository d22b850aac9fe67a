package dev.gorca.serving.bench;

/**
 * The burst through Kafka → Flink → Kafka. The end-to-end window runs from the first record produced to the last
 * incident visible to a {@code read_committed} consumer: every instance ends with its crash, so its incident out
 * means all its records were processed.
 *
 * @param producerSeconds first send to the last acknowledgement; if close to {@code endToEndSeconds}, the producer
 *     was the limit
 * @param tailSeconds from the last acknowledgement to the last incident: the job catching up, plus one commit
 */
public record ThroughputResult(int instances, int samples, int crashes, int dumps, double megabytes,
    int parallelism, long checkpointIntervalMs, double jobStartSeconds, double warmUpSeconds,
    double producerSeconds, double producerRecordsPerSecond, double producerMegabytesPerSecond,
    double endToEndSeconds, double samplesPerSecond, double crashesPerSecond, double megabytesPerSecond,
    double tailSeconds, int incidents, int missingIncidents) {}
