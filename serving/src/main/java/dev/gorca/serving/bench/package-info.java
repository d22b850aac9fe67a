/**
 * {@code gorca bench}: the end-to-end benchmark. Everything runs in this JVM on the real parts — the embedded
 * Kafka broker, the streaming job on a Flink MiniCluster, the embedded PostgreSQL for the learning loop — fed with
 * envelopes of real lab captures; docs/benchmarks.md ("End to end") records the figures and what limits them.
 */
package dev.gorca.serving.bench;
