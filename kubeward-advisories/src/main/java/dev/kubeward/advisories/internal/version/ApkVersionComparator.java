package dev.kubeward.advisories.internal.version;

import dev.kubeward.advisories.InvalidVersionException;
import dev.kubeward.advisories.VersionComparator;
import dev.kubeward.model.Ecosystem.VersionScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alpine's apk ordering ({@code apk version -t}): numbers, an optional letter, suffixes {@code _alpha} &lt;
 * {@code _beta} &lt; {@code _pre} &lt; {@code _rc} &lt; (none) &lt; {@code _cvs} &lt; {@code _svn} &lt; {@code _git}
 * &lt; {@code _hg} &lt; {@code _p}, an optional {@code ~hash} and the package revision {@code -rN}. Written here
 * because no maintained Java library implements it.
 */
public final class ApkVersionComparator implements VersionComparator {
  private static final Pattern FORM = Pattern.compile(
      "(\\d+(?:\\.\\d+)*)([a-z]?)((?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)\\d*)*)(~[0-9a-f]+)?(?:-r(\\d+))?");
  private static final Pattern SUFFIX = Pattern.compile("_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\\d*)");
  private static final Map<String, Integer> SUFFIX_RANK =
      Map.of("alpha", -4, "beta", -3, "pre", -2, "rc", -1, "cvs", 1, "svn", 2, "git", 3, "hg", 4, "p", 5);

  // Token kinds in apk's order: when two versions differ in kind at the same position, the later kind is older.
  private static final int NUMBER = 1;
  private static final int LETTER = 2;
  private static final int SUFFIX_KIND = 3;
  private static final int SUFFIX_NUMBER = 4;
  private static final int HASH = 5;
  private static final int REVISION = 6;
  private static final int END = 7;

  @Override
  public VersionScheme scheme() {
    return VersionScheme.APK;
  }

  @Override
  public int compare(String a, String b) {
    List<Token> x = tokens(a);
    List<Token> y = tokens(b);
    for (int i = 0; ; i++) {
      Token p = i < x.size() ? x.get(i) : Token.END_TOKEN;
      Token q = i < y.size() ? y.get(i) : Token.END_TOKEN;
      if (p.kind == END && q.kind == END) {
        return 0;
      }
      if (p.kind == q.kind) {
        int c = compareSameKind(p, q, i);
        if (c != 0) {
          return c;
        }
        continue;
      }
      // A pre-release suffix makes its side older even where the other side simply ends.
      if (p.kind == SUFFIX_KIND && p.rank < 0) {
        return -1;
      }
      if (q.kind == SUFFIX_KIND && q.rank < 0) {
        return 1;
      }
      return p.kind > q.kind ? -1 : 1;
    }
  }

  private static int compareSameKind(Token p, Token q, int position) {
    switch (p.kind) {
      case NUMBER:
        // apk reads a later component with a leading zero as a fraction: 1.02 < 1.1.
        if (position > 0 && (p.text.startsWith("0") || q.text.startsWith("0"))) {
          return Integer.signum(p.text.compareTo(q.text));
        }
        return Numbers.compareDigits(p.text, q.text);
      case SUFFIX_KIND:
        return Integer.compare(p.rank, q.rank);
      case SUFFIX_NUMBER:
      case REVISION:
        return Numbers.compareDigits(p.text, q.text);
      default:
        return Integer.signum(p.text.compareTo(q.text));
    }
  }

  private static List<Token> tokens(String v) {
    String s = v == null ? "" : v.trim();
    Matcher m = FORM.matcher(s);
    if (!m.matches()) {
      throw new InvalidVersionException(String.valueOf(v), "apk", null);
    }
    List<Token> out = new ArrayList<>();
    for (String n : m.group(1).split("\\.")) {
      out.add(new Token(NUMBER, n, 0));
    }
    if (!m.group(2).isEmpty()) {
      out.add(new Token(LETTER, m.group(2), 0));
    }
    Matcher sm = SUFFIX.matcher(m.group(3));
    while (sm.find()) {
      out.add(new Token(SUFFIX_KIND, sm.group(1), SUFFIX_RANK.get(sm.group(1))));
      if (!sm.group(2).isEmpty()) {
        out.add(new Token(SUFFIX_NUMBER, sm.group(2), 0));
      }
    }
    if (m.group(4) != null) {
      out.add(new Token(HASH, m.group(4).substring(1), 0));
    }
    if (m.group(5) != null) {
      out.add(new Token(REVISION, m.group(5), 0));
    }
    return out;
  }

  private record Token(int kind, String text, int rank) {
    static final Token END_TOKEN = new Token(END, "", 0);
  }
}
