package dev.kubeward.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer kw_...} headers. A bad token is answered with 401 at once rather than
 * falling back to a session, so a misconfigured sensor is told so.
 */
public class TokenAuthenticationFilter extends OncePerRequestFilter {
  /** Authority of ingestion tokens: they may post events and nothing else. */
  public static final String INGEST = "INGEST";

  private final TokenService tokens;

  public TokenAuthenticationFilter(TokenService tokens) {
    this.tokens = tokens;
  }

  /** True when the request carries a bearer token (and therefore needs no CSRF token). */
  public static boolean hasBearer(HttpServletRequest request) {
    String h = request.getHeader("Authorization");
    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearer(request)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = request.getHeader("Authorization").substring(7).trim();
    Optional<KubewardPrincipal> principal = tokens.authenticate(secret);
    if (principal.isEmpty()) {
      response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      dev.kubeward.server.api.ProblemWriter.write(response, org.springframework.http.HttpStatus.UNAUTHORIZED,
          "the token is unknown, revoked or expired");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new TokenAuthentication(principal.get()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  /** An authenticated token. */
  static final class TokenAuthentication extends AbstractAuthenticationToken {
    private final KubewardPrincipal principal;

    TokenAuthentication(KubewardPrincipal principal) {
      super(authorities(principal));
      this.principal = principal;
      setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(KubewardPrincipal p) {
      return p.role().<List<GrantedAuthority>>map(r -> List.of(new SimpleGrantedAuthority(r.authority())))
          .orElse(List.of(new SimpleGrantedAuthority(INGEST)));
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public KubewardPrincipal getPrincipal() {
      return principal;
    }

    @Override
    public String getName() {
      return principal.name();
    }
  }
}
