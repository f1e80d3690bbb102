package dev.kubeward.server.settings;

import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.api.ApiException;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.WorkspaceDao;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Reads and changes settings at either level, and computes a cluster's effective settings. */
@Service
public class SettingsService {
  private final SettingsDao dao;
  private final SettingsRegistry registry;
  private final WorkspaceDao workspaces;
  private final ClusterDao clusters;
  private final ActivityLog activity;
  private final JsonMapper json;
  private final Clock clock;

  public SettingsService(SettingsDao dao, SettingsRegistry registry, WorkspaceDao workspaces, ClusterDao clusters,
      ActivityLog activity, JsonMapper json, Clock clock) {
    this.dao = dao;
    this.registry = registry;
    this.workspaces = workspaces;
    this.clusters = clusters;
    this.activity = activity;
    this.json = json;
    this.clock = clock;
  }

  /** Explicit values set at a scope (not inherited ones). */
  public Map<String, Object> explicit(SettingsScope scope) {
    requireScope(scope);
    return read(scope);
  }

  /**
   * Replaces every explicit value of a scope: keys left out become unset.
   *
   * @throws IllegalArgumentException for an unknown key or a value of the wrong type; nothing is changed then
   */
  @Transactional
  public Map<String, Object> replace(SettingsScope scope, Map<String, Object> values, String actor) {
    requireScope(scope);
    Map<String, Object> valid = validate(values);
    Map<String, Object> before = read(scope);
    for (String key : before.keySet()) {
      if (!valid.containsKey(key) || valid.get(key) == null) {
        dao.unset(scope, key);
      }
    }
    write(scope, valid, actor);
    log(scope, before, read(scope), actor);
    return read(scope);
  }

  /**
   * Changes only the given keys; a null value unsets a key.
   *
   * @throws IllegalArgumentException for an unknown key or a value of the wrong type; nothing is changed then
   */
  @Transactional
  public Map<String, Object> patch(SettingsScope scope, Map<String, Object> values, String actor) {
    requireScope(scope);
    Map<String, Object> valid = validate(values);
    Map<String, Object> before = read(scope);
    for (Map.Entry<String, Object> e : valid.entrySet()) {
      if (e.getValue() == null) {
        dao.unset(scope, e.getKey());
      }
    }
    write(scope, valid, actor);
    log(scope, before, read(scope), actor);
    return read(scope);
  }

  /** The cluster's effective settings; see {@link EffectiveSettingsResolver} for the rule. */
  public EffectiveSettings effective(String clusterId) {
    Cluster c = clusters.find(clusterId).orElseThrow(() -> ApiException.notFound("cluster", clusterId));
    return EffectiveSettingsResolver.resolve(c.id(), c.workspaceId(), registry,
        read(SettingsScope.workspace(c.workspaceId())), read(SettingsScope.cluster(c.id())));
  }

  private Map<String, Object> validate(Map<String, Object> values) {
    if (values == null) {
      throw new IllegalArgumentException("'values' is required");
    }
    Map<String, Object> valid = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      SettingDefinition d = registry.require(e.getKey());
      valid.put(e.getKey(), e.getValue() == null ? null : registry.validate(d, e.getValue()));
    }
    return valid;
  }

  private void write(SettingsScope scope, Map<String, Object> valid, String actor) {
    for (Map.Entry<String, Object> e : valid.entrySet()) {
      if (e.getValue() != null) {
        dao.set(scope, e.getKey(), json.writeValueAsString(e.getValue()), clock.instant(), actor);
      }
    }
  }

  private Map<String, Object> read(SettingsScope scope) {
    Map<String, Object> out = new LinkedHashMap<>();
    dao.values(scope).forEach((key, text) -> registry.find(key).ifPresent(d -> {
      // A key no longer declared (a removed feature) is ignored rather than failing every read.
      out.put(key, d.validate(json.readValue(text, Object.class)));
    }));
    return out;
  }

  private void requireScope(SettingsScope scope) {
    switch (scope.type()) {
      case WORKSPACE -> workspaces.find(scope.id()).orElseThrow(() -> ApiException.notFound("workspace", scope.id()));
      case CLUSTER -> clusters.find(scope.id()).orElseThrow(() -> ApiException.notFound("cluster", scope.id()));
    }
  }

  private void log(SettingsScope scope, Map<String, Object> before, Map<String, Object> after, String actor) {
    List<String> changes = new ArrayList<>();
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String k : keys) {
      Object a = before.get(k);
      Object b = after.get(k);
      if (!Objects.equals(a, b)) {
        changes.add(k + ": " + (a == null ? "unset" : a) + " -> " + (b == null ? "unset" : b));
      }
    }
    if (!changes.isEmpty()) {
      activity.record(actor, "settings.change", scope.type().column(), scope.id(), String.join("; ", changes));
    }
  }
}
