package dev.kubeward.server.security;

import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code users}. */
@Repository
public class UserDao {
  private final JdbcClient jdbc;

  public UserDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(UserAccount u) {
    jdbc.sql("insert into users (id, username, password_hash, role, enabled, created_at) values (?, ?, ?, ?, ?, ?)")
        .params(u.id(), u.username(), u.passwordHash(), u.role().name(), u.enabled(), Timestamps.bind(u.createdAt()))
        .update();
  }

  public long count() {
    return jdbc.sql("select count(*) from users").query(Long.class).single();
  }

  public Optional<UserAccount> find(String id) {
    return jdbc.sql("select * from users where id = ?").param(id).query(UserDao::map).optional();
  }

  public Optional<UserAccount> findByUsername(String username) {
    return jdbc.sql("select * from users where username = ?").param(username).query(UserDao::map).optional();
  }

  public List<UserAccount> all() {
    return jdbc.sql("select * from users order by username").query(UserDao::map).list();
  }

  public boolean updateRoleAndEnabled(String id, Role role, boolean enabled) {
    return jdbc.sql("update users set role = ?, enabled = ? where id = ?").params(role.name(), enabled, id).update() == 1;
  }

  public boolean updatePassword(String id, String passwordHash) {
    return jdbc.sql("update users set password_hash = ? where id = ?").params(passwordHash, id).update() == 1;
  }

  public long countEnabledAdmins() {
    return jdbc.sql("select count(*) from users where role = 'ADMIN' and enabled = true").query(Long.class).single();
  }

  static UserAccount map(ResultSet rs, int row) throws SQLException {
    return new UserAccount(rs.getString("id"), rs.getString("username"), rs.getString("password_hash"),
        Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"), Timestamps.read(rs, "created_at"));
  }
}
