package dev.kubeward.server.runtime;

import dev.kubeward.runtime.drift.DriftPolicy;
import dev.kubeward.runtime.suppression.SuppressionRule;
import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Suppression rules and drift policies, stored as the engine's records in JSON. A version counter tells the pipeline
 * when to reload them.
 */
@Repository
public class RuntimePolicyStore {
  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final AtomicLong suppressionVersion = new AtomicLong();
  private final AtomicLong driftVersion = new AtomicLong();

  public RuntimePolicyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<SuppressionRule> suppressionRules() {
    return jdbc.sql("select body from runtime_suppression_rules order by created_at, id").query(String.class).list()
        .stream().map(b -> json.readValue(b, SuppressionRule.class)).toList();
  }

  public Optional<SuppressionRule> suppressionRule(String id) {
    return jdbc.sql("select body from runtime_suppression_rules where id = ?").param(id).query(String.class)
        .optional().map(b -> json.readValue(b, SuppressionRule.class));
  }

  public void saveSuppressionRule(SuppressionRule r, boolean insert) {
    String body = json.writeValueAsString(r);
    if (insert) {
      jdbc.sql("insert into runtime_suppression_rules (id, name, body, author, created_at, expires_at)"
              + " values (?,?,?,?,?,?)")
          .params(r.id(), r.name(), body, r.author(), Timestamps.bind(r.createdAt()), bind(r.expiresAt())).update();
    } else {
      jdbc.sql("update runtime_suppression_rules set name = ?, body = ?, expires_at = ? where id = ?")
          .params(r.name(), body, bind(r.expiresAt()), r.id()).update();
    }
    suppressionVersion.incrementAndGet();
  }

  public boolean deleteSuppressionRule(String id) {
    boolean deleted = jdbc.sql("delete from runtime_suppression_rules where id = ?").param(id).update() > 0;
    suppressionVersion.incrementAndGet();
    return deleted;
  }

  public List<DriftPolicy> driftPolicies() {
    return jdbc.sql("select body from runtime_drift_policies order by position, id").query(String.class).list()
        .stream().map(b -> json.readValue(b, DriftPolicy.class)).toList();
  }

  /** Replaces the ordered list of drift policies. */
  public void replaceDriftPolicies(List<DriftPolicy> policies, String actor, Instant now) {
    jdbc.sql("delete from runtime_drift_policies").update();
    int pos = 0;
    for (DriftPolicy p : policies) {
      jdbc.sql("insert into runtime_drift_policies (id, position, name, body, updated_by, updated_at)"
              + " values (?,?,?,?,?,?)")
          .params(p.id(), pos++, p.name(), json.writeValueAsString(p), actor, Timestamps.bind(now)).update();
    }
    driftVersion.incrementAndGet();
  }

  /** Changes whenever suppression rules change. */
  public long suppressionVersion() {
    return suppressionVersion.get();
  }

  /** Changes whenever drift policies change. */
  public long driftVersion() {
    return driftVersion.get();
  }

  private static Object bind(Instant t) {
    return t == null ? null : Timestamps.bind(t);
  }
}
