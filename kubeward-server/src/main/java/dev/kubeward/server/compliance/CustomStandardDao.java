package dev.kubeward.server.compliance;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Custom standards as posted: id and YAML, with who wrote them when. */
@Repository
class CustomStandardDao {
  private final JdbcClient jdbc;

  CustomStandardDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored custom standard. */
  record StoredStandard(String standardId, String yaml, Instant createdAt, String createdBy, Instant updatedAt,
      String updatedBy) {}

  List<StoredStandard> all() {
    return jdbc.sql("select standard_id, yaml, created_at, created_by, updated_at, updated_by"
        + " from compliance_custom_standards order by created_at, standard_id").query(CustomStandardDao::map).list();
  }

  long count() {
    return jdbc.sql("select count(*) from compliance_custom_standards").query(Long.class).single();
  }

  void insert(String id, String yaml, Instant at, String actor) {
    jdbc.sql("insert into compliance_custom_standards (standard_id, yaml, created_at, created_by, updated_at,"
            + " updated_by) values (?, ?, ?, ?, ?, ?)")
        .params(id, yaml, Timestamps.bind(at), actor, Timestamps.bind(at), actor).update();
  }

  boolean update(String id, String yaml, Instant at, String actor) {
    return jdbc.sql("update compliance_custom_standards set yaml = ?, updated_at = ?, updated_by = ?"
        + " where standard_id = ?").params(yaml, Timestamps.bind(at), actor, id).update() == 1;
  }

  boolean delete(String id) {
    return jdbc.sql("delete from compliance_custom_standards where standard_id = ?").param(id).update() == 1;
  }

  private static StoredStandard map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new StoredStandard(rs.getString("standard_id"), rs.getString("yaml"), Timestamps.read(rs, "created_at"),
        rs.getString("created_by"), Timestamps.read(rs, "updated_at"), rs.getString("updated_by"));
  }
}
