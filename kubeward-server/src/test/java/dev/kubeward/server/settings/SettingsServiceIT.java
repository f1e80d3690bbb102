package dev.kubeward.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.model.ProtectionComponent;
import dev.kubeward.server.activity.ActivityLog;
import dev.kubeward.server.db.IdGenerator;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.workspace.Cluster;
import dev.kubeward.server.workspace.ClusterDao;
import dev.kubeward.server.workspace.WorkspaceDao;
import dev.kubeward.server.workspace.WorkspaceService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** The settings override rule, stored and resolved on H2 and PostgreSQL. */
class SettingsServiceIT {
  private static final String SENSOR = ProtectionSettings.key(ProtectionComponent.SENSOR);
  private static final String REGISTRY = ProtectionSettings.key(ProtectionComponent.REGISTRY_ACCESS);

  record Fixture(TestDatabase db, SettingsService settings, WorkspaceService workspaces, ActivityLog activity) {}

  static Fixture fixture(TestDatabase db) {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    AtomicInteger n = new AtomicInteger();
    IdGenerator ids = () -> "id-" + n.incrementAndGet();
    WorkspaceDao workspaceDao = new WorkspaceDao(db.jdbc());
    ClusterDao clusterDao = new ClusterDao(db.jdbc());
    SettingsDao settingsDao = new SettingsDao(db.jdbc());
    ActivityLog activity = new ActivityLog(db.jdbc(), clock);
    SettingsRegistry registry = new SettingsRegistry(List.of(new ProtectionSettings(),
        () -> List.of(SettingDefinition.integer("test.retentionDays", 7, 1, 400, "retention"),
            SettingDefinition.stringList("test.standards", List.of("a", "b"), List.of("a", "b", "c"), "standards"))));
    return new Fixture(db,
        new SettingsService(settingsDao, registry, workspaceDao, clusterDao, activity, JsonMapper.builder().build(), clock),
        new WorkspaceService(workspaceDao, clusterDao, settingsDao, activity, ids, clock), activity);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void workspaceValueWinsOverTheClustersAndTheResponseNamesItsSource(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      Fixture f = fixture(db);
      var ws = f.workspaces().createWorkspace("Shop", "", "alice");
      Cluster cluster = f.workspaces().createCluster(ws.id(), "prod", "", "alice");

      // The cluster turns registry access off on its own: effective, from the cluster.
      f.settings().patch(SettingsScopeFixture.cluster(cluster), Map.of(REGISTRY, false, SENSOR, false), "alice");
      EffectiveSettings e = f.settings().effective(cluster.id());
      assertThat(e.get(REGISTRY).value()).isEqualTo(false);
      assertThat(e.get(REGISTRY).source()).isEqualTo(EffectiveSettings.Source.CLUSTER);
      assertThat(e.component(ProtectionComponent.REGISTRY_ACCESS).active()).isFalse();
      assertThat(e.component(ProtectionComponent.REGISTRY_ACCESS).reason())
          .isEqualTo("the registryAccess component is turned off for this cluster");

      // The workspace turns the sensor on: it overrides the cluster's "off".
      f.settings().patch(SettingsScope.workspace(ws.id()), Map.of(SENSOR, true), "bob");
      e = f.settings().effective(cluster.id());
      assertThat(e.get(SENSOR).value()).isEqualTo(true);
      assertThat(e.get(SENSOR).source()).isEqualTo(EffectiveSettings.Source.WORKSPACE);
      assertThat(e.get(SENSOR).clusterValue()).isEqualTo(false);
      assertThat(e.component(ProtectionComponent.SENSOR).active()).isTrue();

      // Protection off on the workspace switches every component off, and says so.
      f.settings().patch(SettingsScope.workspace(ws.id()), Map.of(ProtectionSettings.ENABLED, false), "bob");
      e = f.settings().effective(cluster.id());
      assertThat(e.component(ProtectionComponent.SENSOR))
          .isEqualTo(new EffectiveSettings.ComponentStatus("sensor", false, "protection is turned off for the workspace"));

      // Unsetting at workspace level hands the decision back to the cluster.
      Map<String, Object> unset = new HashMap<>();
      unset.put(SENSOR, null);
      unset.put(ProtectionSettings.ENABLED, null);
      f.settings().patch(SettingsScope.workspace(ws.id()), unset, "bob");
      e = f.settings().effective(cluster.id());
      assertThat(e.get(SENSOR).value()).isEqualTo(false);
      assertThat(e.get(SENSOR).source()).isEqualTo(EffectiveSettings.Source.CLUSTER);
      assertThat(e.get(ProtectionSettings.ENABLED).source()).isEqualTo(EffectiveSettings.Source.DEFAULT);

      assertThat(f.activity().forTarget("workspace", ws.id(), 10)).extracting(ActivityLogEntryAction::of)
          .containsExactly(
              "settings.change by bob: protection.enabled: false -> unset; protection.sensor: true -> unset",
              "settings.change by bob: protection.enabled: unset -> false",
              "settings.change by bob: protection.sensor: unset -> true",
              "workspace.create by alice: Shop");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void replaceSetsExactlyTheGivenValuesAndRejectsBadInputWithoutChangingAnything(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      Fixture f = fixture(db);
      var ws = f.workspaces().createWorkspace("Shop", "", "alice");
      SettingsScope scope = SettingsScope.workspace(ws.id());
      f.settings().replace(scope, Map.of(SENSOR, false, "test.retentionDays", 30, "test.standards", List.of("c", "a", "c")), "alice");
      assertThat(f.settings().explicit(scope))
          .containsExactlyInAnyOrderEntriesOf(Map.of(SENSOR, false, "test.retentionDays", 30L, "test.standards", List.of("c", "a")));

      assertThatThrownBy(() -> f.settings().replace(scope, Map.of(SENSOR, "yes"), "alice"))
          .hasMessage("setting 'protection.sensor' expects true or false, got 'yes'");
      assertThatThrownBy(() -> f.settings().replace(scope, Map.of("protection.sensr", true), "alice"))
          .hasMessageContaining("unknown setting 'protection.sensr'");
      assertThatThrownBy(() -> f.settings().patch(scope, Map.of("test.retentionDays", 0), "alice"))
          .hasMessage("setting 'test.retentionDays' must be between 1 and 400, was 0");
      assertThatThrownBy(() -> f.settings().patch(scope, Map.of("test.standards", List.of("z")), "alice"))
          .hasMessage("setting 'test.standards' does not accept 'z'; expected one of a, b, c");
      // Nothing above changed what was stored.
      assertThat(f.settings().explicit(scope)).containsEntry(SENSOR, false).containsEntry("test.retentionDays", 30L);

      f.settings().replace(scope, Map.of(REGISTRY, true), "alice");
      assertThat(f.settings().explicit(scope)).containsExactly(Map.entry(REGISTRY, true));
    }
  }

  /** Settings of a cluster. */
  static final class SettingsScopeFixture {
    static SettingsScope cluster(Cluster c) {
      return SettingsScope.cluster(c.id());
    }
  }

  /** Formats a log entry for assertions. */
  static final class ActivityLogEntryAction {
    static String of(ActivityLog.Entry e) {
      return e.action() + " by " + e.actor() + ": " + e.detail();
    }
  }
}
