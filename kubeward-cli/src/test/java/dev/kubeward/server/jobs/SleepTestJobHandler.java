package dev.kubeward.server.jobs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A test-only job type for the multi-process test ({@code WorkerCommandIT}): "work" that takes a while (payload
 * {@code {"ms": N}}) and whose result is a row in {@code test_job_results}, written with the job's completion. Lives
 * in the CLI's test classes, so only processes started with the test class path see it, and only when
 * {@code kubeward.test.sleep-jobs=true}.
 */
@Component
@ConditionalOnProperty(name = "kubeward.test.sleep-jobs", havingValue = "true")
public class SleepTestJobHandler implements JobHandler {
  static final Pattern MS = Pattern.compile("\"ms\"\\s*:\\s*(\\d+)");

  private final JdbcClient jdbc;

  public SleepTestJobHandler(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String type() {
    return "test-sleep";
  }

  @Override
  public JobResult handle(JobContext context) throws Exception {
    Matcher m = MS.matcher(context.payload());
    if (!m.find()) {
      throw new PermanentJobFailure("payload has no ms");
    }
    long until = System.currentTimeMillis() + Long.parseLong(m.group(1));
    while (System.currentTimeMillis() < until) {
      if (!context.leaseHeld()) {
        throw new IllegalStateException("lease lost");
      }
      Thread.sleep(50);
    }
    String owner = context.job().leaseOwner();
    return JobResult.writing("{\"by\":\"" + owner + "\"}", () -> jdbc.sql(
            "insert into test_job_results (job_id, worker) values (?, ?)")
        .params(context.job().id(), owner).update());
  }
}
