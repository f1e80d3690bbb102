package dev.kubeward.packages.internal;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.Map;
import java.util.TreeMap;

/** Package URLs built with packageurl-java, so every analyzer writes them the same canonical way. */
public final class Purls {
  private Purls() {}

  /** A canonical purl, or "" when the parts cannot form one (the package is still reported). */
  public static String of(String type, String namespace, String name, String version, Map<String, String> qualifiers) {
    try {
      TreeMap<String, String> q = null;
      if (qualifiers != null) {
        q = new TreeMap<>();
        for (Map.Entry<String, String> e : qualifiers.entrySet()) {
          if (e.getValue() != null && !e.getValue().isEmpty()) {
            q.put(e.getKey(), e.getValue());
          }
        }
        if (q.isEmpty()) {
          q = null;
        }
      }
      return new PackageURL(type, namespace == null || namespace.isEmpty() ? null : namespace, name,
          version == null || version.isEmpty() ? null : version, q, null).canonicalize();
    } catch (MalformedPackageURLException | RuntimeException e) {
      return "";
    }
  }

  public static String of(String type, String namespace, String name, String version) {
    return of(type, namespace, name, version, null);
  }
}
