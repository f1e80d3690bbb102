package dev.kubeward.server.metrics;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every request to {@code /api/v1/ingest/**} with its final status, including the ones refused before a
 * controller runs (401, 413, 429). The source label is the last path segment ({@code falco}, {@code tetragon}, ...).
 */
final class IngestionMetricsFilter extends OncePerRequestFilter {
  static final String PREFIX = "/api/v1/ingest/";

  private final IngestionMetrics metrics;

  IngestionMetricsFilter(IngestionMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith(PREFIX);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      String path = request.getRequestURI();
      String source = path.substring(path.lastIndexOf('/') + 1);
      metrics.request(source, response.getStatus(), Math.max(0, request.getContentLengthLong()));
    }
  }
}
