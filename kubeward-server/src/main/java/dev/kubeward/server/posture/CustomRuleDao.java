package dev.kubeward.server.posture;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code posture_custom_rules}. */
@Repository
class CustomRuleDao {
  private final JdbcClient jdbc;

  CustomRuleDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored custom rule: its YAML and who wrote it when. */
  record StoredRule(String ruleId, String yaml, Instant createdAt, String createdBy, Instant updatedAt,
      String updatedBy) {}

  List<StoredRule> all() {
    return jdbc.sql("select rule_id, yaml, created_at, created_by, updated_at, updated_by from posture_custom_rules"
        + " order by rule_id").query(CustomRuleDao::map).list();
  }

  Optional<StoredRule> find(String ruleId) {
    return jdbc.sql("select rule_id, yaml, created_at, created_by, updated_at, updated_by from posture_custom_rules"
        + " where rule_id = ?").param(ruleId).query(CustomRuleDao::map).optional();
  }

  long count() {
    return jdbc.sql("select count(*) from posture_custom_rules").query(Long.class).single();
  }

  void insert(String ruleId, String yaml, Instant at, String actor) {
    jdbc.sql("insert into posture_custom_rules (rule_id, yaml, created_at, created_by, updated_at, updated_by)"
            + " values (?, ?, ?, ?, ?, ?)")
        .params(ruleId, yaml, Timestamps.bind(at), actor, Timestamps.bind(at), actor).update();
  }

  boolean update(String ruleId, String yaml, Instant at, String actor) {
    return jdbc.sql("update posture_custom_rules set yaml = ?, updated_at = ?, updated_by = ? where rule_id = ?")
        .params(yaml, Timestamps.bind(at), actor, ruleId).update() == 1;
  }

  boolean delete(String ruleId) {
    return jdbc.sql("delete from posture_custom_rules where rule_id = ?").param(ruleId).update() == 1;
  }

  private static StoredRule map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new StoredRule(rs.getString("rule_id"), rs.getString("yaml"), Timestamps.read(rs, "created_at"),
        rs.getString("created_by"), Timestamps.read(rs, "updated_at"), rs.getString("updated_by"));
  }
}
