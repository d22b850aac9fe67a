package dev.gorca.ingest.contract;

/** Why a record was refused; stable names, written into dead letters. docs/events.md has example messages. */
public enum RejectReason {
  /** The bytes are not valid UTF-8. */
  NOT_UTF8,
  /** Not one JSON value: syntax error, empty record, duplicate key, trailing content. */
  MALFORMED_JSON,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (string for number, fraction for integer, array for object...). */
  WRONG_TYPE,
  /** The schema id is not one this consumer knows, including an unknown version of a known type. */
  UNKNOWN_SCHEMA,
  /** The record is larger than the limit for its schema (see {@link EnvelopeLimits}). */
  OVERSIZE,
  /** The type is right but the value breaks a rule: negative time, blank name, both body and values... */
  INVALID_VALUE
}
