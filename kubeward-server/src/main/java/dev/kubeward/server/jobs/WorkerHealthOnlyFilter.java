package dev.kubeward.server.jobs;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In a worker process the web server exists only for liveness and readiness probes: every other path answers 404
 * before security, the API or the dashboard see the request, so a worker never serves the dashboard or API even if
 * its port is exposed by mistake.
 */
public class WorkerHealthOnlyFilter extends OncePerRequestFilter {
  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    if (health && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("application/problem+json");
    response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
        + "\"detail\":\"this is a Kubeward worker; it serves only /actuator/health\"}");
  }
}
