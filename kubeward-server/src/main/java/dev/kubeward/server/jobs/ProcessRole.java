package dev.kubeward.server.jobs;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What this process is: a server ({@code kubeward serve}: dashboard, API, ingestion, cluster inventories, and jobs
 * unless turned off) or a worker ({@code kubeward worker}: jobs only, with a health endpoint). Set by
 * {@code kubeward.role}. Server-only work — loading cluster inventories, creating the first admin — asks here.
 */
@Component
public class ProcessRole {
  /** Value of {@code kubeward.role} for a worker process. */
  public static final String WORKER = "worker";

  private final boolean worker;

  public ProcessRole(@Value("${kubeward.role:server}") String role) {
    if (!role.equals("server") && !role.equals(WORKER)) {
      throw new IllegalArgumentException("kubeward.role must be 'server' or 'worker', was '" + role + "'");
    }
    this.worker = role.equals(WORKER);
  }

  public boolean worker() {
    return worker;
  }

  public boolean server() {
    return !worker;
  }
}
