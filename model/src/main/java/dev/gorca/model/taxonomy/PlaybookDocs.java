package dev.gorca.model.taxonomy;

import java.util.List;

/**
 * The generated part of docs/root-causes.md: the cause table and one section per cause, rendered from
 * the playbooks so the doc and the CLI never disagree. PlaybookDocsTest fails when the doc drifts.
 */
public final class PlaybookDocs {
  public static final String BEGIN = "<!-- generated from playbooks.json by PlaybookDocs: do not edit by hand -->";
  public static final String END = "<!-- end of generated playbooks -->";

  private PlaybookDocs() {}

  /** The block between (and including) the markers, ending with a newline. */
  public static String markdown(Playbooks playbooks) {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append("\n\n");
    md.append("| class | id | cause | in one sentence |\n");
    md.append("|---|---|---|---|\n");
    for (RootCause cause : RootCause.all()) {
      md.append("| ").append(cause.classIndex()).append(" | `").append(cause.id()).append("` | ")
          .append(cause.title()).append(" | ").append(cause.summary().replace("|", "\\|")).append(" |\n");
    }
    for (Playbook playbook : playbooks.all()) section(md, playbook);
    md.append('\n').append(END).append('\n');
    return md.toString();
  }

  /** The heading of a cause's section; operators and tests look for it. */
  public static String heading(RootCause cause) {
    return "### `" + cause.id() + "`: " + cause.title();
  }

  private static void section(StringBuilder md, Playbook p) {
    md.append('\n').append(heading(p.cause())).append("\n\n");
    md.append('*').append(p.cause().summary()).append("*\n\n");
    md.append(p.description()).append("\n\n");
    md.append("**Typical bugs**\n\n");
    bullets(md, p.typicalBugs());
    md.append("\n**How it shows**\n\n");
    md.append("- **Crash:** ").append(p.howItShows().crash()).append('\n');
    md.append("- **Metrics:** ").append(p.howItShows().metrics()).append('\n');
    md.append("- **Dump:** ").append(p.howItShows().dump()).append('\n');
    md.append("\n**Not to be confused with**\n\n");
    for (Playbook.Distinction d : p.tellApart()) {
      md.append("- `").append(d.other().id()).append("`: ").append(d.how()).append('\n');
    }
    md.append("\n**What to check**\n\n");
    numbered(md, p.whatToCheck());
    md.append("\n**How to fix**\n\n");
    numbered(md, p.howToFix());
    md.append("\n**References:** ").append(String.join("; ", p.references())).append(".\n");
  }

  private static void bullets(StringBuilder md, List<String> items) {
    for (String item : items) md.append("- ").append(item).append('\n');
  }

  private static void numbered(StringBuilder md, List<String> steps) {
    for (int i = 0; i < steps.size(); i++) md.append(i + 1).append(". ").append(steps.get(i)).append('\n');
  }
}
