package dev.gorca.model.taxonomy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an on-call engineer needs for one root cause: how it shows, how to tell it from its look-alikes,
 * what to check in order, and how to fix it. Loaded from playbooks.json by {@link Playbooks}.
 *
 * @param description a few sentences on the mechanism and how the process usually ends
 * @param typicalBugs the code patterns that cause it in real services
 * @param howItShows the signs in the crash output, the metrics before it and the goroutine dump
 * @param tellApart how to tell this cause from each cause it is confused with
 * @param whatToCheck diagnostic steps, most useful first
 * @param howToFix remedies, most important first
 * @param references Go documentation by name
 */
public record Playbook(
    RootCause cause,
    String description,
    List<String> typicalBugs,
    Signs howItShows,
    List<Distinction> tellApart,
    List<String> whatToCheck,
    List<String> howToFix,
    List<String> references) {

  /** Where the cause shows: one or two sentences for each kind of evidence gorca reads. */
  public record Signs(String crash, String metrics, String dump) {
    public Signs {
      requireText(crash, "crash");
      requireText(metrics, "metrics");
      requireText(dump, "dump");
    }
  }

  /** How to tell {@code cause} from {@code other}, which shows similar signs. */
  public record Distinction(RootCause other, String how) {
    public Distinction {
      Objects.requireNonNull(other, "other == null");
      requireText(how, "how");
    }
  }

  public Playbook {
    Objects.requireNonNull(cause, "cause == null");
    requireText(description, "description");
    typicalBugs = requireTexts(typicalBugs, "typicalBugs");
    Objects.requireNonNull(howItShows, "howItShows == null");
    tellApart = List.copyOf(Objects.requireNonNull(tellApart, "tellApart == null"));
    for (Distinction distinction : tellApart) {
      if (distinction.other() == cause) {
        throw new IllegalArgumentException("tellApart of " + cause.id() + " names " + cause.id() + " itself");
      }
    }
    whatToCheck = requireTexts(whatToCheck, "whatToCheck");
    howToFix = requireTexts(howToFix, "howToFix");
    references = requireTexts(references, "references");
  }

  /** The playbook as plain text for a terminal: numbered steps, wrapped at 100 columns. */
  public String toText() {
    return new PlainText(100)
        .line(cause.id() + ": " + cause.title())
        .wrapped(cause.summary(), "  ", "  ")
        .blank()
        .wrapped(description, "  ", "  ")
        .section("Typical bugs").bullets(typicalBugs)
        .section("How it shows")
        .wrapped(howItShows.crash(), "  crash:   ", "           ")
        .wrapped(howItShows.metrics(), "  metrics: ", "           ")
        .wrapped(howItShows.dump(), "  dump:    ", "           ")
        .section("Not to be confused with").distinctions(tellApart)
        .section("What to check").numbered(whatToCheck)
        .section("How to fix").numbered(howToFix)
        .section("References").bullets(references)
        .toString();
  }

  private static void requireText(String text, String name) {
    Objects.requireNonNull(text, name + " == null");
    if (text.isBlank()) throw new IllegalArgumentException(name + " is blank");
  }

  private static List<String> requireTexts(List<String> texts, String name) {
    List<String> copy = List.copyOf(Objects.requireNonNull(texts, name + " == null"));
    if (copy.isEmpty()) throw new IllegalArgumentException(name + " is empty");
    for (int i = 0; i < copy.size(); i++) requireText(copy.get(i), name + "[" + i + "]");
    return copy;
  }

  /** Builds the terminal rendering; wraps between words, never inside a `code span`, with a hanging indent. */
  private static final class PlainText {
    private final int width;
    private final StringBuilder out = new StringBuilder();

    PlainText(int width) {
      this.width = width;
    }

    PlainText line(String text) {
      out.append(text).append('\n');
      return this;
    }

    PlainText blank() {
      out.append('\n');
      return this;
    }

    PlainText section(String title) {
      return blank().line(title);
    }

    PlainText bullets(List<String> items) {
      for (String item : items) wrapped(item, "  - ", "    ");
      return this;
    }

    PlainText numbered(List<String> steps) {
      for (int i = 0; i < steps.size(); i++) {
        String number = "  " + (i + 1) + ". ";
        wrapped(steps.get(i), number, " ".repeat(number.length()));
      }
      return this;
    }

    PlainText distinctions(List<Distinction> distinctions) {
      for (Distinction d : distinctions) wrapped(d.other().id() + ": " + d.how(), "  - ", "    ");
      return this;
    }

    PlainText wrapped(String text, String firstPrefix, String restPrefix) {
      String prefix = firstPrefix;
      StringBuilder current = new StringBuilder();
      for (String word : unbreakableWords(text)) {
        if (current.length() > 0 && prefix.length() + current.length() + 1 + word.length() > width) {
          out.append(prefix).append(current).append('\n');
          prefix = restPrefix;
          current.setLength(0);
        }
        if (current.length() > 0) current.append(' ');
        current.append(word);
      }
      out.append(prefix).append(current).append('\n');
      return this;
    }

    /** Words, except that a `code span` stays one word so a command is never split across lines. */
    private static List<String> unbreakableWords(String text) {
      List<String> words = new ArrayList<>();
      StringBuilder span = null;
      for (String word : text.strip().split("\\s+")) {
        boolean toggles = word.chars().filter(c -> c == '`').count() % 2 == 1;
        if (span != null) {
          span.append(' ').append(word);
          if (toggles) {
            words.add(span.toString());
            span = null;
          }
        } else if (toggles) {
          span = new StringBuilder(word);
        } else {
          words.add(word);
        }
      }
      if (span != null) words.add(span.toString());
      return words;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
