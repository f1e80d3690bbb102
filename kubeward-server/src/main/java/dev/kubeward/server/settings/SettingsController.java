package dev.kubeward.server.settings;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.security.CurrentUser;
import dev.kubeward.server.security.Role;
import dev.kubeward.server.workspace.WorkspaceService;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Settings at both levels and a cluster's effective settings. PUT replaces a level's explicit values, PATCH changes
 * only the keys it names (null unsets a key).
 */
@RestController
public class SettingsController {
  private final SettingsService settings;
  private final SettingsRegistry registry;
  private final WorkspaceService workspaces;

  public SettingsController(SettingsService settings, SettingsRegistry registry, WorkspaceService workspaces) {
    this.settings = settings;
    this.registry = registry;
    this.workspaces = workspaces;
  }

  /** Explicit values at one level; keys not listed are inherited. */
  public record SettingsValues(Map<String, Object> values) {}

  /** A setting Kubeward understands. */
  public record DefinitionView(String key, String type, Object defaultValue, String description,
      List<String> allowedValues) {}

  /** One effective value and where it came from; the cluster's own value is shown even when overridden. */
  public record EffectiveValueView(Object value, String source, Object workspaceValue, Object clusterValue,
      Object defaultValue, boolean lockedByWorkspace) {}

  /** A component's state. */
  public record ComponentStateView(boolean active, String reason) {}

  /** A cluster's effective settings. */
  public record EffectiveView(String clusterId, String workspaceId, Map<String, EffectiveValueView> settings,
      Map<String, ComponentStateView> components) {}

  @GetMapping("/api/v1/settings/definitions")
  public List<DefinitionView> definitions() {
    return registry.all().stream()
        .map(d -> new DefinitionView(d.key(), d.type().name().toLowerCase(), d.defaultValue(), d.description(),
            registry.allowedValues(d)))
        .toList();
  }

  @GetMapping("/api/v1/workspaces/{id}/settings")
  public SettingsValues workspaceSettings(@PathVariable String id) {
    requireWorkspaceVisible(id);
    return new SettingsValues(settings.explicit(SettingsScope.workspace(id)));
  }

  @PutMapping("/api/v1/workspaces/{id}/settings")
  public SettingsValues replaceWorkspaceSettings(@PathVariable String id, @RequestBody SettingsValues body) {
    requireAdminUnscoped();
    return new SettingsValues(settings.replace(SettingsScope.workspace(id), body.values(), CurrentUser.name()));
  }

  @PatchMapping("/api/v1/workspaces/{id}/settings")
  public SettingsValues patchWorkspaceSettings(@PathVariable String id, @RequestBody SettingsValues body) {
    requireAdminUnscoped();
    return new SettingsValues(settings.patch(SettingsScope.workspace(id), body.values(), CurrentUser.name()));
  }

  @GetMapping("/api/v1/clusters/{id}/settings")
  public SettingsValues clusterSettings(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    return new SettingsValues(settings.explicit(SettingsScope.cluster(id)));
  }

  @PutMapping("/api/v1/clusters/{id}/settings")
  public SettingsValues replaceClusterSettings(@PathVariable String id, @RequestBody SettingsValues body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    return new SettingsValues(settings.replace(SettingsScope.cluster(id), body.values(), CurrentUser.name()));
  }

  @PatchMapping("/api/v1/clusters/{id}/settings")
  public SettingsValues patchClusterSettings(@PathVariable String id, @RequestBody SettingsValues body) {
    CurrentUser.require(Role.SECURITY_ADMIN);
    CurrentUser.requireCluster(id);
    return new SettingsValues(settings.patch(SettingsScope.cluster(id), body.values(), CurrentUser.name()));
  }

  @GetMapping("/api/v1/clusters/{id}/settings/effective")
  public EffectiveView effective(@PathVariable String id) {
    CurrentUser.requireCluster(id);
    return view(settings.effective(id));
  }

  static EffectiveView view(EffectiveSettings e) {
    Map<String, EffectiveValueView> values = new LinkedHashMap<>();
    e.values().forEach((k, v) -> values.put(k, new EffectiveValueView(v.value(), v.source().name().toLowerCase(),
        v.workspaceValue(), v.clusterValue(), v.defaultValue(), v.source() == EffectiveSettings.Source.WORKSPACE)));
    Map<String, ComponentStateView> components = new LinkedHashMap<>();
    Arrays.stream(ProtectionComponent.values()).forEach(c -> {
      EffectiveSettings.ComponentStatus s = e.component(c);
      components.put(c.key(), new ComponentStateView(s.active(), s.reason()));
    });
    return new EffectiveView(e.clusterId(), e.workspaceId(), values, components);
  }

  private void requireWorkspaceVisible(String workspaceId) {
    workspaces.workspace(workspaceId);
    CurrentUser.get().clusterScope().ifPresent(scope -> {
      if (!workspaces.cluster(scope).workspaceId().equals(workspaceId)) {
        throw dev.kubeward.server.api.ApiException.forbidden("this token is scoped to a cluster of another workspace");
      }
    });
  }

  private static void requireAdminUnscoped() {
    CurrentUser.require(Role.SECURITY_ADMIN);
    if (CurrentUser.get().clusterScope().isPresent()) {
      throw dev.kubeward.server.api.ApiException.forbidden("a cluster-scoped token cannot change workspace settings");
    }
  }
}
