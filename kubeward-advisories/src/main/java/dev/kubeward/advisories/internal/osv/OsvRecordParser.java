package dev.kubeward.advisories.internal.osv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.advisories.Reference;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.advisories.VersionComparators;
import dev.kubeward.advisories.internal.store.StoredAdvisory;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredRange;
import dev.kubeward.advisories.internal.store.StoredSeverity;
import dev.kubeward.model.Ecosystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one OSV record (schema 1.x) into what the store keeps, checking it on the way: unknown range types, events
 * of unknown kind, versions the ecosystem's comparator cannot read. Such problems are returned with the record, which
 * is kept (its sound parts still match, its unsound parts match as "unknown"); only a record without an id or that is
 * not JSON is dropped.
 */
public final class OsvRecordParser {
  private static final Set<String> EVENT_KINDS = Set.of("introduced", "fixed", "last_affected", "limit");
  private static final Pattern VENDOR_SEVERITY = Pattern.compile("^(Critical|Important|Moderate|Low):\\s");
  private static final int SUMMARY_LENGTH = 240;

  private final ObjectMapper mapper;

  public OsvRecordParser(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A record read; {@code problems} empty when it is sound. */
  public record Parsed(StoredAdvisory advisory, List<StoredAffected> affected, List<String> problems) {}

  /**
   * Parses one record.
   *
   * @throws IOException when it is not JSON or not an object with an id; the message says which
   */
  public Parsed parse(byte[] json) throws IOException {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (IOException e) {
      throw new IOException("not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    String id = text(root, "id");
    if (id.isEmpty()) {
      throw new IOException("the record has no id");
    }
    List<String> problems = new ArrayList<>();
    String summary = text(root, "summary");
    if (summary.isEmpty()) {
      String details = text(root, "details").strip();
      int nl = details.indexOf('\n');
      summary = nl > 0 ? details.substring(0, nl) : details;
    }
    if (summary.length() > SUMMARY_LENGTH) {
      summary = summary.substring(0, SUMMARY_LENGTH - 1) + "…";
    }
    String dbSeverity = "";
    JsonNode dbs = root.path("database_specific").path("severity");
    if (dbs.isTextual()) {
      dbSeverity = dbs.asText();
    } else {
      // AlmaLinux and Rocky errata carry Red Hat's rating in the summary ("Important: kernel security update").
      Matcher m = VENDOR_SEVERITY.matcher(summary);
      if (m.find()) {
        dbSeverity = m.group(1);
      }
    }
    StoredAdvisory advisory = new StoredAdvisory(id, strings(root.path("aliases")), strings(root.path("related")),
        summary, text(root, "published"), text(root, "modified"), text(root, "withdrawn"),
        severities(root.path("severity"), problems), dbSeverity, references(root.path("references")));
    List<StoredAffected> affected = new ArrayList<>();
    JsonNode aff = root.path("affected");
    if (!aff.isMissingNode() && !aff.isArray()) {
      problems.add("'affected' is not a list");
    }
    int index = 0;
    for (JsonNode a : aff.isArray() ? aff : mapper.createArrayNode()) {
      index++;
      readAffected(id, a, index, affected, problems);
    }
    return new Parsed(advisory, affected, problems);
  }

  private void readAffected(String id, JsonNode a, int index, List<StoredAffected> out, List<String> problems) {
    JsonNode pkg = a.path("package");
    String ecosystem = text(pkg, "ecosystem");
    String name = text(pkg, "name");
    boolean onlyGit = a.path("ranges").isArray() && a.path("ranges").size() > 0
        && allMatch(a.path("ranges"), r -> "GIT".equals(text(r, "type")));
    if (ecosystem.isEmpty() || name.isEmpty()) {
      if (!onlyGit) {
        problems.add("affected[" + index + "] has no package ecosystem and name");
      }
      return;
    }
    Optional<Ecosystem> known = Ecosystem.fromOsvName(ecosystem);
    List<String> invalid = new ArrayList<>();
    List<StoredRange> ranges = new ArrayList<>();
    JsonNode rs = a.path("ranges");
    for (JsonNode r : rs.isArray() ? rs : mapper.createArrayNode()) {
      String type = text(r, "type");
      if (type.equals("GIT")) {
        continue; // commit ranges cannot be checked against an installed version
      }
      if (!type.equals("SEMVER") && !type.equals("ECOSYSTEM")) {
        invalid.add("unknown range type '" + type + "'");
        continue;
      }
      List<StoredRange.Event> events = new ArrayList<>();
      boolean introduced = false;
      for (JsonNode e : r.path("events")) {
        var fields = e.fields();
        if (!fields.hasNext()) {
          invalid.add("empty range event");
          continue;
        }
        var f = fields.next();
        if (!EVENT_KINDS.contains(f.getKey()) || !f.getValue().isTextual()) {
          invalid.add("unknown range event '" + f.getKey() + "'");
          continue;
        }
        introduced |= f.getKey().equals("introduced");
        events.add(new StoredRange.Event(f.getKey(), f.getValue().asText().trim()));
      }
      if (!introduced) {
        invalid.add(type + " range without an 'introduced' event");
      }
      ranges.add(sortRange(type, events, comparatorFor(type, known), invalid));
    }
    List<String> versions = strings(a.path("versions"));
    String invalidText = String.join("; ", new LinkedHashSet<>(invalid));
    if (!invalidText.isEmpty()) {
      problems.add(ecosystem + "/" + name + ": " + invalidText);
    }
    if (ranges.isEmpty() && versions.isEmpty() && invalidText.isEmpty()) {
      if (!onlyGit) {
        problems.add(ecosystem + "/" + name + ": no ranges and no versions");
      }
      if (onlyGit) {
        return;
      }
    }
    out.add(new StoredAffected(id, ecosystem, name, ranges, versions, severities(a.path("severity"), problems),
        invalidText));
  }

  private static Optional<VersionComparator> comparatorFor(String type, Optional<Ecosystem> ecosystem) {
    if (ecosystem.isPresent() && (type.equals("ECOSYSTEM") || ecosystem.get() == Ecosystem.GO)) {
      return Optional.of(VersionComparators.forEcosystem(ecosystem.get()));
    }
    if (type.equals("SEMVER")) {
      return Optional.of(VersionComparators.forScheme(Ecosystem.VersionScheme.SEMVER));
    }
    return Optional.empty();
  }

  /** Orders events by version ("0" first, "*" last; introduced before the others at equal versions). */
  private static StoredRange sortRange(String type, List<StoredRange.Event> events, Optional<VersionComparator> cmp,
      List<String> invalid) {
    if (cmp.isEmpty()) {
      return new StoredRange(type, events, false);
    }
    VersionComparator c = cmp.get();
    boolean ok = true;
    for (StoredRange.Event e : events) {
      if (isSpecial(e)) {
        continue;
      }
      if (!c.isValid(e.version())) {
        invalid.add("invalid version '" + e.version() + "'");
        ok = false;
      }
    }
    if (!ok) {
      return new StoredRange(type, events, false);
    }
    List<StoredRange.Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.<StoredRange.Event>comparingInt(e -> e.version().equals("0") && e.kind().equals("introduced") ? 0
            : e.version().equals("*") ? 2 : 1)
        .thenComparing((x, y) -> isSpecial(x) || isSpecial(y) ? 0 : c.compare(x.version(), y.version()))
        .thenComparingInt(e -> e.kind().equals("introduced") ? 0 : 1));
    return new StoredRange(type, sorted, true);
  }

  static boolean isSpecial(StoredRange.Event e) {
    return (e.kind().equals("introduced") && e.version().equals("0")) || e.version().equals("*");
  }

  private static List<StoredSeverity> severities(JsonNode node, List<String> problems) {
    List<StoredSeverity> out = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode s : node) {
        String type = text(s, "type");
        String score = text(s, "score");
        if (!type.isEmpty() && !score.isEmpty()) {
          out.add(new StoredSeverity(type, score));
        }
      }
    }
    return out;
  }

  private static List<Reference> references(JsonNode node) {
    List<Reference> out = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode r : node) {
        String url = text(r, "url");
        if (!url.isEmpty()) {
          out.add(new Reference(text(r, "type"), url));
        }
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode n : node) {
        if (n.isTextual() && !n.asText().isBlank()) {
          out.add(n.asText().trim());
        }
      }
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : "";
  }

  private static boolean allMatch(JsonNode array, java.util.function.Predicate<JsonNode> p) {
    for (JsonNode n : array) {
      if (!p.test(n)) {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}
