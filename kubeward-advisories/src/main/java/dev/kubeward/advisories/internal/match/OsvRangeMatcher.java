package dev.kubeward.advisories.internal.match;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.advisories.VersionComparators;
import dev.kubeward.advisories.internal.store.StoredAffected;
import dev.kubeward.advisories.internal.store.StoredRange;
import dev.kubeward.model.Ecosystem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * OSV's affected-version semantics for one affected entry: the explicit {@code versions} list, then each SEMVER or
 * ECOSYSTEM range walked in version order — {@code introduced} opens, {@code fixed} closes at that version,
 * {@code last_affected} closes after it, and {@code limit} caps the range. A version or bound that does not parse
 * gives "unknown", never "not affected".
 */
public final class OsvRangeMatcher {
  private OsvRangeMatcher() {}

  private static final VersionComparator SEMVER = VersionComparators.forScheme(Ecosystem.VersionScheme.SEMVER);

  /** The verdict for one installed version. */
  public enum Verdict { AFFECTED, NOT_AFFECTED, UNKNOWN }

  /**
   * @param fixed versions that fix it, for AFFECTED; empty when no fix is known
   * @param reason why, for UNKNOWN
   */
  public record Result(Verdict verdict, List<String> fixed, String reason) {
    static final Result NOT = new Result(Verdict.NOT_AFFECTED, List.of(), "");
  }

  public static Result evaluate(StoredAffected a, String version, Ecosystem ecosystem) {
    boolean listed = !a.versions().isEmpty() && a.versions().contains(version);
    Set<String> fixes = new LinkedHashSet<>(2);
    boolean affected = listed;
    String unknown = "";
    VersionComparator own = VersionComparators.forEcosystem(ecosystem);
    for (StoredRange r : a.ranges()) {
      VersionComparator c = ecosystem != Ecosystem.GO && r.type().equals("SEMVER") ? SEMVER : own;
      try {
        List<StoredRange.Event> events = r.sorted() ? r.events() : sortNow(r.events(), c);
        RangeHit hit = inRange(events, version, c);
        if (hit.affected) {
          affected = true;
          if (hit.fix != null) {
            fixes.add(hit.fix);
          }
        }
      } catch (InvalidVersionException e) {
        unknown = e.getMessage();
      }
    }
    if (affected) {
      if (listed && fixes.isEmpty()) {
        // Listed explicitly: the fix is the first 'fixed' bound above the version in any range, if one parses.
        fixes.addAll(fixedAbove(a, version, ecosystem));
      }
      return new Result(Verdict.AFFECTED, List.copyOf(fixes), "");
    }
    if (!unknown.isEmpty()) {
      return new Result(Verdict.UNKNOWN, List.of(), unknown);
    }
    if (!a.invalid().isEmpty()) {
      return new Result(Verdict.UNKNOWN, List.of(), "the advisory's data is malformed: " + a.invalid());
    }
    return Result.NOT;
  }

  private record RangeHit(boolean affected, String fix) {}

  private static RangeHit inRange(List<StoredRange.Event> events, String v, VersionComparator c) {
    boolean limited = false;
    boolean belowALimit = false;
    for (StoredRange.Event e : events) {
      if (e.kind().equals("limit")) {
        limited = true;
        belowALimit |= e.version().equals("*") || c.compare(v, e.version()) < 0;
      }
    }
    if (limited && !belowALimit) {
      return new RangeHit(false, null);
    }
    boolean affected = false;
    for (StoredRange.Event e : events) {
      String kind = e.kind();
      if (kind.equals("limit")) {
        continue;
      }
      boolean zero = kind.equals("introduced") && e.version().equals("0");
      int cmp = zero ? 1 : c.compare(v, e.version());
      boolean reached = kind.equals("last_affected") ? cmp > 0 : cmp >= 0;
      if (!reached) {
        // Events are in version order: nothing later applies; the first bound above an open range is its fix.
        if (affected) {
          return new RangeHit(true, kind.equals("fixed") ? e.version() : null);
        }
        return new RangeHit(false, null);
      }
      affected = kind.equals("introduced");
    }
    return new RangeHit(affected, null);
  }

  private static List<StoredRange.Event> sortNow(List<StoredRange.Event> events, VersionComparator c) {
    List<StoredRange.Event> sorted = new ArrayList<>(events);
    sorted.sort((x, y) -> {
      boolean xz = x.kind().equals("introduced") && x.version().equals("0");
      boolean yz = y.kind().equals("introduced") && y.version().equals("0");
      if (xz || yz) {
        return Boolean.compare(!xz, !yz);
      }
      int cmp = c.compare(x.version(), y.version());
      return cmp != 0 ? cmp : Boolean.compare(!x.kind().equals("introduced"), !y.kind().equals("introduced"));
    });
    return sorted;
  }

  private static List<String> fixedAbove(StoredAffected a, String version, Ecosystem ecosystem) {
    VersionComparator c = VersionComparators.forEcosystem(ecosystem);
    List<String> out = new ArrayList<>();
    for (StoredRange r : a.ranges()) {
      for (StoredRange.Event e : r.events()) {
        try {
          if (e.kind().equals("fixed") && c.compare(e.version(), version) > 0) {
            out.add(e.version());
            break;
          }
        } catch (InvalidVersionException ignored) {
          // an unreadable bound cannot name the fix
        }
      }
    }
    return out;
  }
}
