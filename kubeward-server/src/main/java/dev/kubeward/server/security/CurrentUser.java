package dev.kubeward.server.security;

import dev.kubeward.server.api.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the current request, and the checks every controller shares. */
public final class CurrentUser {
  private CurrentUser() {}

  /**
   * The authenticated caller.
   *
   * @throws ApiException 401 when the request is not authenticated (security config normally prevents this)
   */
  public static KubewardPrincipal get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.getPrincipal() instanceof KubewardPrincipal p) {
      return p;
    }
    if (auth != null && auth.getPrincipal() instanceof AccountUserDetailsService.AccountDetails d) {
      return d.principal();
    }
    throw new ApiException(HttpStatus.UNAUTHORIZED, "authentication required");
  }

  /** The caller's name, for the activity log and finding history. */
  public static String name() {
    return get().name();
  }

  /**
   * Requires a role.
   *
   * @throws ApiException 403 naming the role needed
   */
  public static KubewardPrincipal require(Role needed) {
    KubewardPrincipal p = get();
    if (!p.has(needed)) {
      throw ApiException.forbidden("this action needs the " + needed.apiName() + " role");
    }
    return p;
  }

  /**
   * Requires that the caller may reach a cluster (a cluster-scoped token reaches only its own).
   *
   * @throws ApiException 403
   */
  public static void requireCluster(String clusterId) {
    if (!get().mayAccessCluster(clusterId)) {
      throw ApiException.forbidden("this token is scoped to another cluster");
    }
  }
}
