package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;

/**
 * Debian policy 5.6.12 ordering: {@code [epoch:]upstream[-revision]}; within each part, runs of non-digits compare
 * with letters before other characters and {@code ~} before everything (even the end), runs of digits numerically.
 * Written here because versatile 0.7.0's DebianVersion throws NullPointerException on versions without a revision.
 */
public final class DpkgVersionComparator implements VersionComparator {
  @Override
  public VersionScheme scheme() {
    return VersionScheme.DPKG;
  }

  @Override
  public int compare(String a, String b) {
    Parsed x = parse(a);
    Parsed y = parse(b);
    int c = Numbers.compareDigits(x.epoch, y.epoch);
    if (c != 0) {
      return c;
    }
    c = compareParts(x.upstream, y.upstream);
    return c != 0 ? c : compareParts(x.revision, y.revision);
  }

  private static int compareParts(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      // Non-digit prefix, character by character.
      while ((i < a.length() && !isDigit(a.charAt(i))) || (j < b.length() && !isDigit(b.charAt(j)))) {
        int ac = i < a.length() && !isDigit(a.charAt(i)) ? order(a.charAt(i)) : 0;
        int bc = j < b.length() && !isDigit(b.charAt(j)) ? order(b.charAt(j)) : 0;
        if (ac != bc) {
          return ac < bc ? -1 : 1;
        }
        i++;
        j++;
      }
      int si = i;
      int sj = j;
      while (i < a.length() && isDigit(a.charAt(i))) {
        i++;
      }
      while (j < b.length() && isDigit(b.charAt(j))) {
        j++;
      }
      String da = si < i ? a.substring(si, i) : "0";
      String db = sj < j ? b.substring(sj, j) : "0";
      int c = Numbers.compareDigits(da, db);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int order(char c) {
    if (Character.isLetter(c)) {
      return c;
    }
    if (c == '~') {
      return -1;
    }
    return c + 256;
  }

  private static Parsed parse(String v) {
    String s = v == null ? "" : v.trim();
    if (s.isEmpty()) {
      throw new InvalidVersionException(String.valueOf(v), "dpkg", "empty");
    }
    String epoch = "0";
    int colon = s.indexOf(':');
    if (colon >= 0) {
      epoch = s.substring(0, colon);
      if (!Numbers.isDigits(epoch)) {
        throw new InvalidVersionException(s, "dpkg", "the epoch must be a number");
      }
      s = s.substring(colon + 1);
    }
    String revision = "";
    int dash = s.lastIndexOf('-');
    if (dash >= 0) {
      revision = s.substring(dash + 1);
      s = s.substring(0, dash);
    }
    if (s.isEmpty()) {
      throw new InvalidVersionException(v, "dpkg", "empty upstream version");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && ".+~-".indexOf(c) < 0) {
        throw new InvalidVersionException(v, "dpkg", "character '" + c + "' is not allowed");
      }
    }
    for (int i = 0; i < revision.length(); i++) {
      char c = revision.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && ".+~".indexOf(c) < 0) {
        throw new InvalidVersionException(v, "dpkg", "character '" + c + "' is not allowed in the revision");
      }
    }
    return new Parsed(epoch, s, revision);
  }

  private record Parsed(String epoch, String upstream, String revision) {}
}
