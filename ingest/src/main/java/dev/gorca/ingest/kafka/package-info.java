/** Kafka Serializer/Deserializer adapters over the contract codecs; the streaming jobs plug these in. */
package dev.gorca.ingest.kafka;
