/** Wire contracts: the JSON envelopes on gorca's Kafka topics and the metrics file form. */
package dev.gorca.ingest.contract;
