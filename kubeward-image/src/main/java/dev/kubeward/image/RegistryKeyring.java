package dev.kubeward.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The credentials of a pod's pull secrets, matched to an image the way the kubelet's keyring does, so a scan uses the
 * credential the container runtime would have used. A key ({@code registry.example.com:5000/team},
 * {@code *.example.com}, {@code https://index.docker.io/v1/}) matches an image when
 * <ul>
 *   <li>the hosts have the same number of dot-separated parts and each part matches ({@code *} and the other glob
 *       characters of Go's {@code filepath.Match} are honoured per part, so {@code *.example.com} matches
 *       {@code a.example.com} but not {@code a.b.example.com} nor {@code example.com});</li>
 *   <li>the ports are equal (no port matches only no port: {@code example.com} does not match
 *       {@code example.com:5000});</li>
 *   <li>the image's repository path starts with the key's path;</li>
 *   <li>and Docker Hub's many names ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io},
 *       {@code registry.hub.docker.com}, {@code https://index.docker.io/v1/}) are one registry.</li>
 * </ul>
 * {@link #candidates} lists every matching credential, the most specific key first, as the kubelet tries them in turn.
 */
public final class RegistryKeyring {
  private static final Set<String> DOCKER_HUB_NAMES =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private final List<Entry> entries = new ArrayList<>();

  /**
   * One credential and where it came from.
   *
   * @param key the registry key as written in the secret
   * @param credential the credential (its {@code toString} hides the secret)
   * @param source where it came from, for messages ({@code namespace/name} of a pull secret); never a secret value
   */
  public record Entry(String key, RegistryCredentials.Credential credential, String source) {}

  /** Adds the entries of one docker config (a pull secret's content), keeping their order. */
  public RegistryKeyring add(Map<String, RegistryCredentials.Credential> config, String source) {
    config.forEach((key, credential) -> entries.add(new Entry(key, credential, source)));
    return this;
  }

  /** True when no credential has been added. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The credentials to try for an image, most specific key first (a longer host or path before a shorter or wildcard
   * one); keys of equal specificity keep the order they were added in (pod secrets before ServiceAccount secrets).
   */
  public List<Entry> candidates(ImageReference image) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (matches(e.key(), image)) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparingInt((Entry e) -> specificity(e.key())).reversed());
    return out;
  }

  /** Whether a keyring key matches an image, as described on the class. */
  public static boolean matches(String key, ImageReference image) {
    Key k = Key.parse(key);
    if (k == null) {
      return false;
    }
    String targetHost = hostOnly(image.registry());
    String targetPort = portOf(image.registry());
    if (DOCKER_HUB_NAMES.contains(k.host) || DOCKER_HUB_NAMES.contains(targetHost)) {
      if (!(DOCKER_HUB_NAMES.contains(k.host) && DOCKER_HUB_NAMES.contains(targetHost))) {
        return false;
      }
    } else if (!hostMatches(k.host, targetHost)) {
      return false;
    }
    if (!k.port.equals(targetPort)) {
      return false;
    }
    return k.path.isEmpty() || ("/" + image.repository()).startsWith(k.path);
  }

  private static int specificity(String key) {
    Key k = Key.parse(key);
    if (k == null) {
      return 0;
    }
    // Exact hosts before wildcards, then longer keys (deeper paths) first: "most specific wins" as in the kubelet.
    return (k.host.contains("*") ? 0 : 100_000) + k.host.length() + k.path.length();
  }

  private record Key(String host, String port, String path) {
    /** Splits a key into host, port and path; null for a key that cannot be a registry. */
    static Key parse(String raw) {
      if (raw == null) {
        return null;
      }
      String s = raw.trim().toLowerCase(Locale.ROOT);
      int scheme = s.indexOf("://");
      if (scheme >= 0) {
        s = s.substring(scheme + 3);
      }
      String path = "";
      int slash = s.indexOf('/');
      if (slash >= 0) {
        path = s.substring(slash);
        s = s.substring(0, slash);
      }
      // Docker Hub's legacy key carries the API path "/v1/", which is not a repository prefix.
      if (DOCKER_HUB_NAMES.contains(hostOnly(s)) && (path.equals("/v1/") || path.equals("/v1") || path.equals("/"))) {
        path = "";
      }
      while (path.endsWith("/") && path.length() > 1) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.equals("/")) {
        path = "";
      }
      if (s.isEmpty()) {
        return null;
      }
      return new Key(hostOnly(s), portOf(s), path);
    }
  }

  private static String hostOnly(String hostPort) {
    String h = hostPort.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.lastIndexOf(':');
    return colon >= 0 ? h.substring(0, colon) : h;
  }

  private static String portOf(String hostPort) {
    String h = hostPort;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end > 0 ? h.substring(end + 1) : "";
    }
    int colon = h.lastIndexOf(':');
    return colon >= 0 ? h.substring(colon + 1) : "";
  }

  private static boolean hostMatches(String pattern, String host) {
    String[] p = pattern.split("\\.", -1);
    String[] h = host.split("\\.", -1);
    if (p.length != h.length) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      if (!glob(p[i], h[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Go's {@code filepath.Match} for one host part: {@code *}, {@code ?} and {@code [...]} classes. Greedy with one
   * backtrack point, so a hostile key full of stars costs at most pattern × text steps.
   */
  static boolean glob(String p, String t) {
    int pi = 0;
    int ti = 0;
    int star = -1;
    int mark = 0;
    while (ti < t.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = ti;
        continue;
      }
      int next = pi < p.length() ? matchOne(p, pi, t.charAt(ti)) : -1;
      if (next >= 0) {
        pi = next;
        ti++;
      } else if (star >= 0) {
        pi = star + 1;
        ti = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  /** The pattern index after matching one character at {@code pi}, or -1 when it does not match. */
  private static int matchOne(String p, int pi, char ch) {
    char c = p.charAt(pi);
    if (c == '?') {
      return pi + 1;
    }
    if (c != '[') {
      return c == ch ? pi + 1 : -1;
    }
    int end = p.indexOf(']', pi + 1);
    if (end < 0) {
      return -1;
    }
    String cls = p.substring(pi + 1, end);
    boolean negate = cls.startsWith("^");
    if (negate) {
      cls = cls.substring(1);
    }
    boolean in = false;
    for (int i = 0; i < cls.length(); i++) {
      if (i + 2 < cls.length() && cls.charAt(i + 1) == '-') {
        in |= ch >= cls.charAt(i) && ch <= cls.charAt(i + 2);
        i += 2;
      } else {
        in |= ch == cls.charAt(i);
      }
    }
    return in != negate ? end + 1 : -1;
  }
}
