package dev.gorca.ingest.contract;

/**
 * The outcome of decoding one record: the envelope, or why it was refused together with the original bytes,
 * so a streaming job can send refusals to the dead-letter topic instead of failing.
 */
public sealed interface Decoded permits Decoded.Accepted, Decoded.Rejected {

  record Accepted(Envelope envelope) implements Decoded {
    public Accepted {
      if (envelope == null) {
        throw new IllegalArgumentException("envelope == null");
      }
    }
  }

  /**
   * @param original the record's bytes as received, not copied (they may be 64 MiB); empty for a null record
   */
  record Rejected(Rejection rejection, byte[] original) implements Decoded {
    public Rejected {
      if (rejection == null || original == null) {
        throw new IllegalArgumentException("rejection == null or original == null");
      }
    }

    @Override
    public String toString() {
      return "Rejected[" + rejection + ", " + original.length + " bytes]";
    }
  }
}
