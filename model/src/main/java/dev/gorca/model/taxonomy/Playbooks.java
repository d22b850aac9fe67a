package dev.gorca.model.taxonomy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gorca.model.taxonomy.Playbook.Distinction;
import dev.gorca.model.taxonomy.Playbook.Signs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The playbook of every root cause, read from {@value #RESOURCE} next to this class: the one source
 * of the CLI's advice and of docs/root-causes.md. Reading checks that every cause has exactly one
 * playbook and that no field is missing, misspelt or empty.
 */
public final class Playbooks {
  public static final String RESOURCE = "playbooks.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> TOP_FIELDS = Set.of("about", "playbooks");
  private static final Set<String> PLAYBOOK_FIELDS = Set.of("cause", "description", "typical_bugs",
      "how_it_shows", "tell_apart", "what_to_check", "how_to_fix", "references");
  private static final Set<String> SIGNS_FIELDS = Set.of("crash", "metrics", "dump");
  private static final Set<String> DISTINCTION_FIELDS = Set.of("cause", "how");

  private final Map<RootCause, Playbook> byCause;

  private Playbooks(Map<RootCause, Playbook> byCause) {
    this.byCause = byCause;
  }

  /** The playbooks shipped in the jar; read once. */
  public static Playbooks bundled() {
    return Bundled.PLAYBOOKS;
  }

  /** The shipped playbook of this cause. */
  public static Playbook forCause(RootCause cause) {
    return bundled().get(cause);
  }

  public Playbook get(RootCause cause) {
    if (cause == null) throw new NullPointerException("cause == null");
    return byCause.get(cause);
  }

  /** Every playbook, in class-index order of its cause. */
  public List<Playbook> all() {
    return List.copyOf(byCause.values());
  }

  /**
   * Reads playbooks in the format of {@value #RESOURCE}.
   *
   * @param source names the input in error messages, e.g. the file name
   * @throws IllegalArgumentException saying where the input breaks the format and what was expected
   */
  public static Playbooks read(InputStream in, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": expected JSON, found malformed input: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + "; fix the syntax", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    return new Reader(source).playbooks(root);
  }

  private static final class Bundled {
    static final Playbooks PLAYBOOKS = load();

    private static Playbooks load() {
      try (InputStream in = Playbooks.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE + " next to " + Playbooks.class.getName()
              + "; it lives in model/src/main/resources/dev/gorca/model/taxonomy/");
        }
        return read(in, RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }

  /** Turns the JSON tree into records; every message starts with the source and the JSON path. */
  private static final class Reader {
    private final String source;

    Reader(String source) {
      this.source = source;
    }

    Playbooks playbooks(JsonNode root) {
      requireObject(root, "$", TOP_FIELDS);
      JsonNode list = root.get("playbooks");
      if (list == null || !list.isArray()) {
        throw error("$.playbooks", "a list of playbooks, one per root cause", list);
      }
      Map<RootCause, Playbook> byCause = new EnumMap<>(RootCause.class);
      for (int i = 0; i < list.size(); i++) {
        Playbook playbook = playbook(list.get(i), "$.playbooks[" + i + "]");
        if (byCause.put(playbook.cause(), playbook) != null) {
          throw new IllegalArgumentException(source + ": $.playbooks[" + i + "]: found a second playbook for "
              + playbook.cause().id() + "; keep one per root cause");
        }
      }
      for (RootCause cause : RootCause.all()) {
        if (!byCause.containsKey(cause)) {
          throw new IllegalArgumentException(source + ": $.playbooks: expected a playbook for every root cause,"
              + " found none for " + cause.id() + "; add one");
        }
      }
      return new Playbooks(byCause);
    }

    private Playbook playbook(JsonNode node, String path) {
      requireObject(node, path, PLAYBOOK_FIELDS);
      RootCause cause = cause(node, path + ".cause");
      String description = text(node, "description", path);
      List<String> typicalBugs = texts(node, "typical_bugs", path);
      Signs signs = signs(node.get("how_it_shows"), path + ".how_it_shows");
      List<Distinction> tellApart = distinctions(node.get("tell_apart"), path + ".tell_apart");
      List<String> whatToCheck = texts(node, "what_to_check", path);
      List<String> howToFix = texts(node, "how_to_fix", path);
      List<String> references = texts(node, "references", path);
      try {
        return new Playbook(cause, description, typicalBugs, signs, tellApart, whatToCheck, howToFix, references);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + path + " (" + cause.id() + "): " + e.getMessage(), e);
      }
    }

    private Signs signs(JsonNode node, String path) {
      requireObject(node, path, SIGNS_FIELDS);
      return new Signs(text(node, "crash", path), text(node, "metrics", path), text(node, "dump", path));
    }

    private List<Distinction> distinctions(JsonNode node, String path) {
      if (node == null || !node.isArray()) throw error(path, "a list of {cause, how} objects", node);
      List<Distinction> distinctions = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String itemPath = path + "[" + i + "]";
        requireObject(node.get(i), itemPath, DISTINCTION_FIELDS);
        distinctions.add(new Distinction(cause(node.get(i), itemPath + ".cause"), text(node.get(i), "how", itemPath)));
      }
      return distinctions;
    }

    private RootCause cause(JsonNode node, String path) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual()) throw error(path, "a root cause id", value);
      try {
        return RootCause.fromId(value.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
      }
    }

    private String text(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual() || value.asText().isBlank()) {
        throw error(path + "." + field, "a non-blank string", value);
      }
      return value.asText();
    }

    private List<String> texts(JsonNode node, String field, String path) {
      JsonNode value = node.get(field);
      String expected = "a non-empty list of non-blank strings";
      if (value == null || !value.isArray() || value.isEmpty()) throw error(path + "." + field, expected, value);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        if (!item.isTextual() || item.asText().isBlank()) {
          throw error(path + "." + field + "[" + i + "]", "a non-blank string", item);
        }
        texts.add(item.asText());
      }
      return texts;
    }

    private void requireObject(JsonNode node, String path, Set<String> known) {
      if (node == null || !node.isObject()) throw error(path, "an object", node);
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          throw new IllegalArgumentException(source + ": " + path + ": found an unknown field \"" + name
              + "\"; expected only " + known.stream().sorted().toList());
        }
      }
    }

    private IllegalArgumentException error(String path, String expected, JsonNode found) {
      return new IllegalArgumentException(source + ": " + path + ": expected " + expected + ", found "
          + describe(found));
    }

    private static String describe(JsonNode node) {
      if (node == null) return "no such field";
      if (node.isNull()) return "null";
      if (node.isTextual()) return node.asText().isBlank() ? "a blank string" : "a string";
      if (node.isArray()) return node.isEmpty() ? "an empty list" : "a list";
      if (node.isObject()) return "an object";
      return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
