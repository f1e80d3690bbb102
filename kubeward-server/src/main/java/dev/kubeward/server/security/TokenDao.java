package dev.kubeward.server.security;

import dev.kubeward.server.db.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code api_tokens}. */
@Repository
public class TokenDao {
  private final JdbcClient jdbc;

  public TokenDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(ApiToken t) {
    jdbc.sql("""
            insert into api_tokens (id, name, kind, token_hash, token_hint, role, cluster_id, created_by, created_at,
                                    expires_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(t.id(), t.name(), t.kind().name().toLowerCase(Locale.ROOT), t.tokenHash(), t.hint(),
            t.role().map(Role::name).orElse(null), t.clusterId().orElse(null), t.createdBy(),
            Timestamps.bind(t.createdAt()), Timestamps.bind(t.expiresAt().orElse(null)))
        .update();
  }

  public Optional<ApiToken> findByHash(String hash) {
    return jdbc.sql("select * from api_tokens where token_hash = ?").param(hash).query(TokenDao::map).optional();
  }

  public Optional<ApiToken> find(String id) {
    return jdbc.sql("select * from api_tokens where id = ?").param(id).query(TokenDao::map).optional();
  }

  public List<ApiToken> all() {
    return jdbc.sql("select * from api_tokens order by created_at desc, id").query(TokenDao::map).list();
  }

  public boolean revoke(String id, Instant at) {
    return jdbc.sql("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
        .params(Timestamps.bind(at), id).update() == 1;
  }

  /** Notes a use, at most once a minute per token so that busy sensors do not write on every request. */
  public void touch(String id, Instant at) {
    jdbc.sql("update api_tokens set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
        .params(Timestamps.bind(at), id, Timestamps.bind(at.minusSeconds(60)))
        .update();
  }

  static ApiToken map(ResultSet rs, int row) throws SQLException {
    String role = rs.getString("role");
    return new ApiToken(rs.getString("id"), rs.getString("name"),
        ApiToken.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("token_hash"),
        rs.getString("token_hint"), Optional.ofNullable(role).map(Role::valueOf),
        Optional.ofNullable(rs.getString("cluster_id")), rs.getString("created_by"),
        Timestamps.read(rs, "created_at"), Optional.ofNullable(Timestamps.read(rs, "expires_at")),
        Optional.ofNullable(Timestamps.read(rs, "last_used_at")), Optional.ofNullable(Timestamps.read(rs, "revoked_at")));
  }
}
