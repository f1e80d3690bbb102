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

/** Reads and writes {@code workspaces}. */
@Repository
public class WorkspaceDao {
  /** API sort fields and their columns. */
  public static final Map<String, SortColumn> SORT_COLUMNS =
      Map.of("name", SortColumn.text("name"), "createdAt", SortColumn.timestamp("created_at"));

  private final JdbcClient jdbc;

  public WorkspaceDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(Workspace w) {
    jdbc.sql("insert into workspaces (id, name, description, created_at) values (?, ?, ?, ?)")
        .params(w.id(), w.name(), w.description(), Timestamps.bind(w.createdAt()))
        .update();
  }

  /** Updates name and description; false when no such workspace. */
  public boolean update(String id, String name, String description) {
    return jdbc.sql("update workspaces set name = ?, description = ? where id = ?")
        .params(name, description, id).update() == 1;
  }

  public boolean delete(String id) {
    return jdbc.sql("delete from workspaces where id = ?").param(id).update() == 1;
  }

  public Optional<Workspace> find(String id) {
    return jdbc.sql("select * from workspaces where id = ?").param(id).query(WorkspaceDao::map).optional();
  }

  public Optional<Workspace> findByName(String name) {
    return jdbc.sql("select * from workspaces where name = ?").param(name).query(WorkspaceDao::map).optional();
  }

  /** One page plus one row (to tell whether another page follows), sorted by name or creation time, id as tie-break. */
  public List<Workspace> list(PageRequest page, Optional<String> onlyId) {
    StringBuilder sql = new StringBuilder("select * from workspaces where 1 = 1");
    List<Object> params = new ArrayList<>();
    onlyId.ifPresent(id -> {
      sql.append(" and id = ?");
      params.add(id);
    });
    KeysetPaging.append(sql, params, page, SORT_COLUMNS, "id");
    return jdbc.sql(sql.toString()).params(params).query(WorkspaceDao::map).list();
  }

  static Workspace map(ResultSet rs, int row) throws SQLException {
    return new Workspace(rs.getString("id"), rs.getString("name"), rs.getString("description"),
        Timestamps.read(rs, "created_at"));
  }
}
