package dev.kubeward.server.jobs;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job runner's configuration ({@code kubeward.jobs.*}, or {@code KUBEWARD_JOBS_RUNNER_CONCURRENCY} and so on).
 *
 * @param runner whether this process runs jobs, and how many at once
 * @param lease how long a claimed job is reserved for its runner without a heartbeat; a dead runner's job is taken
 *     over this long after its last heartbeat
 * @param heartbeat how often running jobs' leases are renewed (well below {@code lease})
 * @param pollInterval how often an idle runner looks for due jobs
 * @param shutdownGrace how long a stopping runner lets running jobs finish before interrupting them and handing
 *     them back to the queue
 * @param owner this runner's name in {@code lease_owner}; default host name, process id and a random suffix
 */
@ConfigurationProperties("kubeward.jobs")
public record JobsProperties(
    @DefaultValue Runner runner,
    @DefaultValue("PT60S") Duration lease,
    @DefaultValue("PT15S") Duration heartbeat,
    @DefaultValue("PT1S") Duration pollInterval,
    @DefaultValue("PT10S") Duration shutdownGrace,
    Optional<String> owner) {

  public JobsProperties {
    owner = owner == null ? Optional.empty() : owner.filter(s -> !s.isBlank());
    if (heartbeat.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("kubeward.jobs.heartbeat (" + heartbeat + ") must be shorter than"
          + " kubeward.jobs.lease (" + lease + ")");
    }
  }

  /**
   * @param enabled run jobs in this process (the server does by default; set false when workers do all the work)
   * @param concurrency jobs run at once by this process
   */
  public record Runner(@DefaultValue("true") boolean enabled, @DefaultValue("2") int concurrency) {
    public Runner {
      if (concurrency < 1) {
        throw new IllegalArgumentException("kubeward.jobs.runner.concurrency must be at least 1, was " + concurrency);
      }
    }
  }
}
