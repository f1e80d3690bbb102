package dev.kubeward.server.security;

import java.util.Objects;
import java.util.Optional;

/**
 * The caller of a request: a signed-in user or a token.
 *
 * @param name the username, or {@code token:<name>} for a token
 * @param role the role, empty for ingestion tokens (which may only post events)
 * @param kind how the caller authenticated
 * @param clusterScope the only cluster a scoped token may reach
 */
public record KubewardPrincipal(String name, Optional<Role> role, Kind kind, Optional<String> clusterScope) {
  public KubewardPrincipal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    role = role == null ? Optional.empty() : role;
    clusterScope = clusterScope == null ? Optional.empty() : clusterScope;
  }

  /** How a caller authenticated. */
  public enum Kind {
    SESSION,
    API_TOKEN,
    INGESTION_TOKEN
  }

  /** True when the caller holds {@code needed} or a higher role. */
  public boolean has(Role needed) {
    return role.map(r -> r.includes(needed)).orElse(false);
  }

  /** True when the caller may see the given cluster (always, unless the token is scoped to another one). */
  public boolean mayAccessCluster(String clusterId) {
    return clusterScope.map(s -> s.equals(clusterId)).orElse(true);
  }
}
