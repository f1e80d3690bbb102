package dev.kubeward.server.runtime;

import dev.kubeward.runtime.detection.FirstSeenStore;
import dev.kubeward.runtime.detection.StateLimits;
import dev.kubeward.server.db.Timestamps;
import dev.kubeward.server.security.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * First-seen baselines kept in the database, so a restart neither forgets what a workload normally runs nor starts a
 * new learning period. Scopes in use are cached (bounded, least recently used evicted and re-read on demand); a new
 * value is written through at once. Scopes and values are stored by their SHA-256, so keys of any length fit.
 */
@Component
public class PersistentFirstSeenStore implements FirstSeenStore {
  private final JdbcClient jdbc;
  private final int maxValues;
  private final Map<String, Scope> cache;

  public PersistentFirstSeenStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.maxValues = StateLimits.DEFAULT.maxValuesPerScope();
    int maxScopes = StateLimits.DEFAULT.maxFirstSeenScopes();
    this.cache = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Scope> eldest) {
        return size() > maxScopes;
      }
    };
  }

  private static final class Scope {
    final Instant startedAt;
    final Set<String> values = new HashSet<>();

    Scope(Instant startedAt) {
      this.startedAt = startedAt;
    }
  }

  @Override
  public synchronized Observation observe(String scope, String value, Instant time, Duration learningPeriod) {
    String scopeKey = Secrets.sha256(scope);
    Scope s = cache.get(scopeKey);
    if (s == null) {
      s = load(scopeKey, scope, time);
      cache.put(scopeKey, s);
    }
    String valueKey = Secrets.sha256(value);
    if (s.values.contains(valueKey)) {
      return Observation.KNOWN;
    }
    if (s.values.size() >= maxValues) {
      return Observation.SCOPE_FULL;
    }
    s.values.add(valueKey);
    jdbc.sql("insert into runtime_first_seen_values (scope_key, value_key, seen_value, first_seen) values (?,?,?,?)")
        .params(scopeKey, valueKey, RuntimeEventStore.clip(value, 2000), Timestamps.bind(time)).update();
    return time.isBefore(s.startedAt.plus(learningPeriod)) ? Observation.LEARNING : Observation.NEW;
  }

  private Scope load(String scopeKey, String scope, Instant time) {
    Instant started = jdbc.sql("select started_at from runtime_first_seen_scopes where scope_key = ?").param(scopeKey)
        .query((rs, n) -> Timestamps.read(rs, "started_at")).optional().orElse(null);
    if (started == null) {
      jdbc.sql("insert into runtime_first_seen_scopes (scope_key, scope, started_at) values (?,?,?)")
          .params(scopeKey, RuntimeEventStore.clip(scope, 2000), Timestamps.bind(time)).update();
      return new Scope(time);
    }
    Scope s = new Scope(started);
    s.values.addAll(jdbc.sql("select value_key from runtime_first_seen_values where scope_key = ?").param(scopeKey)
        .query(String.class).list());
    return s;
  }

  /** Forgets the cache (tests: simulate a restart). */
  public synchronized void clearCache() {
    cache.clear();
  }
}
