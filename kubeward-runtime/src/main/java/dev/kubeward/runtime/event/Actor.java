package dev.kubeward.runtime.event;

import java.util.List;

/**
 * Who acted: the Kubernetes user of an API request, or the Unix user of a process.
 *
 * @param name user name ({@code alice@example.com}, {@code system:serviceaccount:ns:sa}, {@code root}), or ""
 * @param uid Kubernetes user UID or Unix uid as text, or ""
 * @param groups Kubernetes groups
 * @param impersonatedBy when the request was made by impersonation, the real user; else ""
 */
public record Actor(String name, String uid, List<String> groups, String impersonatedBy) {
  /** Nobody known. */
  public static final Actor NONE = new Actor("", "", List.of(), "");

  private static final String SA_PREFIX = "system:serviceaccount:";

  public Actor {
    name = name == null ? "" : name;
    uid = uid == null ? "" : uid;
    groups = groups == null ? List.of() : List.copyOf(groups);
    impersonatedBy = impersonatedBy == null ? "" : impersonatedBy;
  }

  /** True for Kubernetes service accounts ({@code system:serviceaccount:NS:NAME}). */
  public boolean serviceAccount() {
    return name.startsWith(SA_PREFIX);
  }

  /** The namespace of a service account user, else "". */
  public String serviceAccountNamespace() {
    if (!serviceAccount()) {
      return "";
    }
    String rest = name.substring(SA_PREFIX.length());
    int colon = rest.indexOf(':');
    return colon > 0 ? rest.substring(0, colon) : "";
  }

  /** True for the anonymous user or the unauthenticated group. */
  public boolean anonymous() {
    return name.equals("system:anonymous") || groups.contains("system:unauthenticated");
  }
}
