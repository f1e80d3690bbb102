package dev.kubeward.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.server.api.Page;
import dev.kubeward.server.api.PageRequest;
import dev.kubeward.server.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;

/** Workspaces and clusters on H2 and PostgreSQL. */
class WorkspaceDaoIT {

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void storesWorkspacesAndClustersAndDeletesClustersWithTheirWorkspace(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      WorkspaceDao workspaces = new WorkspaceDao(db.jdbc());
      ClusterDao clusters = new ClusterDao(db.jdbc());
      Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
      workspaces.insert(new Workspace("w1", "Payments", "card processing", t));
      clusters.insert(new Cluster("c1", "w1", "prod-eu", "", t));
      clusters.insert(new Cluster("c2", "w1", "prod-us", "", t));

      assertThat(workspaces.find("w1")).contains(new Workspace("w1", "Payments", "card processing", t));
      assertThat(clusters.inWorkspace("w1")).extracting(Cluster::name).containsExactly("prod-eu", "prod-us");
      assertThat(clusters.findByName("w1", "prod-us")).map(Cluster::id).contains("c2");

      assertThat(workspaces.delete("w1")).isTrue();
      assertThat(clusters.find("c1")).isEmpty();
      assertThat(workspaces.find("w1")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void refusesDuplicateNamesWithinAWorkspace(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      WorkspaceDao workspaces = new WorkspaceDao(db.jdbc());
      ClusterDao clusters = new ClusterDao(db.jdbc());
      Instant t = Instant.parse("2026-01-02T03:04:05Z");
      workspaces.insert(new Workspace("w1", "A", "", t));
      workspaces.insert(new Workspace("w2", "B", "", t));
      clusters.insert(new Cluster("c1", "w1", "prod", "", t));
      // The same cluster name is fine in another workspace...
      clusters.insert(new Cluster("c2", "w2", "prod", "", t));
      // ...but not twice in one.
      assertThatThrownBy(() -> clusters.insert(new Cluster("c3", "w1", "prod", "", t)))
          .isInstanceOf(DuplicateKeyException.class);
      assertThatThrownBy(() -> workspaces.insert(new Workspace("w3", "A", "", t)))
          .isInstanceOf(DuplicateKeyException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.kubeward.server.testing.TestDatabases#both")
  void pagesThroughEveryClusterExactlyOnceInBothDirections(Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get()) {
      WorkspaceDao workspaces = new WorkspaceDao(db.jdbc());
      ClusterDao clusters = new ClusterDao(db.jdbc());
      Instant t = Instant.parse("2026-01-02T03:04:05Z");
      workspaces.insert(new Workspace("w1", "A", "", t));
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 23; i++) {
        // Names repeat in pairs across ids so the id tie-breaker matters; creation times repeat too.
        String name = "cluster-" + (char) ('a' + i);
        clusters.insert(new Cluster(String.format("id-%02d", i), "w1", name, "", t.plusSeconds(i / 3)));
        expected.add(name);
      }
      for (String sort : List.of("name", "-name", "createdAt", "-createdAt")) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          PageRequest req = PageRequest.of(5, cursor, sort, List.of("name", "createdAt"));
          Page<Cluster> page = Page.of(clusters.list(req, Optional.of("w1"), Optional.empty()), req,
              c -> req.sort().equals("name") ? c.name() : c.createdAt().toString(), Cluster::id);
          page.items().forEach(c -> seen.add(c.name()));
          cursor = page.nextCursor();
          pages++;
        } while (cursor != null);
        assertThat(pages).as(sort).isEqualTo(5);
        assertThat(seen).as(sort).hasSize(23).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        if (sort.equals("name")) {
          assertThat(seen).isSorted();
        }
      }
    }
  }
}
