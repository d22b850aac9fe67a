/**
 * {@code gorca collect}: scrapes Go services' {@code /metrics} and goroutine dumps, watches their crash-output
 * files, and publishes the envelopes of {@code dev.gorca.ingest.contract} to Kafka (docs/collector.md).
 */
package dev.gorca.serving.collect;
