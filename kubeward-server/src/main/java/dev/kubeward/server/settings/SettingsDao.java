package dev.kubeward.server.settings;

import dev.kubeward.server.db.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes explicit values in {@code settings}, as JSON text. */
@Repository
public class SettingsDao {
  private final JdbcClient jdbc;

  public SettingsDao(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Explicit values of one scope: key to JSON text. */
  public Map<String, String> values(SettingsScope scope) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.sql("select setting_key, value_json from settings where scope_type = ? and scope_id = ? order by setting_key")
        .params(scope.type().column(), scope.id())
        .query(rs -> {
          out.put(rs.getString("setting_key"), rs.getString("value_json"));
        });
    return out;
  }

  /** Sets one value, inserting or replacing. */
  public void set(SettingsScope scope, String key, String json, Instant at, String actor) {
    jdbc.sql("""
            merge into settings t
            using (values (cast(? as varchar(16)), cast(? as varchar(36)), cast(? as varchar(200)),
                           cast(? as varchar(20000)), cast(? as timestamp with time zone), cast(? as varchar(200))))
              as s (scope_type, scope_id, setting_key, value_json, updated_at, updated_by)
            on t.scope_type = s.scope_type and t.scope_id = s.scope_id and t.setting_key = s.setting_key
            when matched then update set value_json = s.value_json, updated_at = s.updated_at, updated_by = s.updated_by
            when not matched then insert (scope_type, scope_id, setting_key, value_json, updated_at, updated_by)
              values (s.scope_type, s.scope_id, s.setting_key, s.value_json, s.updated_at, s.updated_by)""")
        .params(scope.type().column(), scope.id(), key, json, Timestamps.bind(at), actor)
        .update();
  }

  public void unset(SettingsScope scope, String key) {
    jdbc.sql("delete from settings where scope_type = ? and scope_id = ? and setting_key = ?")
        .params(scope.type().column(), scope.id(), key).update();
  }

  /** Removes every value of a scope (its workspace or cluster is being deleted). */
  public void deleteScope(SettingsScope scope) {
    jdbc.sql("delete from settings where scope_type = ? and scope_id = ?").params(scope.type().column(), scope.id()).update();
  }
}
