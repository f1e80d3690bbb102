package dev.kubeward.image.internal;

/** Turns tar entry names into root-relative paths, refusing the ones that would leave the root. */
public final class PathNormalizer {
  private PathNormalizer() {}

  /**
   * The normalised path ("" for the root itself), or null when the name is absolute or climbs above the root with
   * "..". Backslashes are kept as ordinary characters, as Linux does.
   */
  public static String normalize(String name) {
    if (name.startsWith("/")) {
      return null;
    }
    if (name.indexOf('\0') >= 0) {
      return null;
    }
    // Fast path: the common case has no ".", ".." or empty segments beyond a leading "./".
    String s = name.startsWith("./") ? name.substring(2) : name;
    if (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.contains("//") && !s.contains("/./") && !s.contains("..") && !s.startsWith("./") && !s.equals(".")
        && !s.endsWith("/.")) {
      return s;
    }
    String[] parts = s.split("/");
    String[] stack = new String[parts.length];
    int depth = 0;
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        if (depth == 0) {
          return null;
        }
        depth--;
      } else {
        stack[depth++] = p;
      }
    }
    return String.join("/", java.util.Arrays.asList(stack).subList(0, depth));
  }

  /** Resolves a hard link's target, which tar records relative to the root like entry names. */
  public static String normalizeLink(String target) {
    return normalize(target);
  }
}
