package dev.kubeward.server.workspace;

import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.db.KeysetPaging;
import dev.kubeward.server.db.KeysetPaging.SortColumn;
import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code clusters}. */
@Repository
public class ClusterDao {
  /** API sort fields and their columns. */
  public static final Map<String, SortColumn> SORT_COLUMNS =
      Map.of("name", SortColumn.text("name"), "createdAt", SortColumn.timestamp("created_at"));

  private final JdbcClient jdbc;

  public ClusterDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Cluster c) {
    jdbc.sql("insert into clusters (id, workspace_id, name, description, created_at) values (?, ?, ?, ?, ?)")
        .params(c.id(), c.workspaceId(), c.name(), c.description(), Timestamps.bind(c.createdAt()))
        .update();
  }

  public boolean update(String id, String name, String description) {
    return jdbc.sql("update clusters set name = ?, description = ? where id = ?")
        .params(name, description, id).update() == 1;
  }

  public boolean delete(String id) {
    return jdbc.sql("delete from clusters where id = ?").param(id).update() == 1;
  }

  public Optional<Cluster> find(String id) {
    return jdbc.sql("select * from clusters where id = ?").param(id).query(ClusterDao::map).optional();
  }

  public Optional<Cluster> findByName(String workspaceId, String name) {
    return jdbc.sql("select * from clusters where workspace_id = ? and name = ?")
        .params(workspaceId, name).query(ClusterDao::map).optional();
  }

  /** Every cluster of a workspace, by name; workspaces hold tens of clusters, not thousands. */
  public List<Cluster> inWorkspace(String workspaceId) {
    return jdbc.sql("select * from clusters where workspace_id = ? order by name, id")
        .param(workspaceId).query(ClusterDao::map).list();
  }

  /** One page plus one row, optionally limited to one workspace or one cluster. */
  public List<Cluster> list(PageRequest page, Optional<String> workspaceId, Optional<String> onlyId) {
    StringBuilder sql = new StringBuilder("select * from clusters where 1 = 1");
    List<Object> params = new ArrayList<>();
    workspaceId.ifPresent(w -> {
      sql.append(" and workspace_id = ?");
      params.add(w);
    });
    onlyId.ifPresent(id -> {
      sql.append(" and id = ?");
      params.add(id);
    });
    KeysetPaging.append(sql, params, page, SORT_COLUMNS, "id");
    return jdbc.sql(sql.toString()).params(params).query(ClusterDao::map).list();
  }

  static Cluster map(ResultSet rs, int row) throws SQLException {
    return new Cluster(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
        rs.getString("description"), Timestamps.read(rs, "created_at"));
  }
}
