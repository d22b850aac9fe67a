/** Prometheus text exposition 0.0.4 (as served by client_golang): parsing, grouping into families, flattening. */
package dev.gorca.ingest.prometheus;
