package dev.kubeward.server.admission;

import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code admission_decisions} table: what was denied, or would have been in audit mode. */
@Repository
public class AdmissionDecisionDao {
  private static final String COLUMNS = "id, cluster_id, request_uid, operation, kind, namespace, name, mode, allowed,"
      + " fallback, reasons, warnings, dry_run, decided_at";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  public AdmissionDecisionDao(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void insert(String clusterId, AdmissionRequest r, AdmissionDecision d, Instant at) {
    jdbc.sql("insert into admission_decisions (cluster_id, request_uid, operation, kind, namespace, name, mode,"
            + " allowed, fallback, reasons, warnings, dry_run, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(clusterId, clip(r.uid(), 100), clip(r.operation(), 16), clip(r.kind(), 100), clip(r.namespace(), 253),
            clip(r.name(), 253), d.mode(), d.allowed(), clip(d.fallback(), 300), list(d.denyReasons()),
            list(d.warnings()), r.dryRun(), Timestamps.bind(at))
        .update();
  }

  /** Decisions of a cluster, newest first; {@code before} pages by id. */
  public List<AdmissionRecord> list(String clusterId, Optional<String> mode, Optional<Long> before, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from admission_decisions where cluster_id = ?");
    List<Object> params = new ArrayList<>(List.of(clusterId));
    mode.ifPresent(m -> {
      sql.append(" and mode = ?");
      params.add(m);
    });
    before.ifPresent(b -> {
      sql.append(" and id < ?");
      params.add(b);
    });
    sql.append(" order by id desc limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(this::map).list();
  }

  private String list(List<String> values) {
    // Each entry is already short; keep the JSON within the column even for pathological objects.
    List<String> kept = new ArrayList<>();
    int size = 2;
    for (String v : values) {
      size += v.length() + 8;
      if (size > 15000) {
        kept.add("… " + (values.size() - kept.size()) + " more");
        break;
      }
      kept.add(v);
    }
    return json.writeValueAsString(kept);
  }

  private static String clip(String s, int max) {
    return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
  }

  private AdmissionRecord map(ResultSet rs, int row) throws SQLException {
    return new AdmissionRecord(rs.getLong("id"), rs.getString("cluster_id"), rs.getString("request_uid"),
        rs.getString("operation"), rs.getString("kind"), rs.getString("namespace"), rs.getString("name"),
        rs.getString("mode"), rs.getBoolean("allowed"), rs.getString("fallback"),
        json.readValue(rs.getString("reasons"), STRINGS), json.readValue(rs.getString("warnings"), STRINGS),
        rs.getBoolean("dry_run"), Timestamps.read(rs, "decided_at"));
  }
}
