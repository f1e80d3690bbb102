package dev.kubeward.server.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.advisories.AdvisoryDatabaseUpdater;
import dev.kubeward.advisories.DatabaseBuildFile;
import dev.kubeward.server.testing.TestDatabase;
import dev.kubeward.server.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The PostgreSQL side of the advisory build distribution on its own: processes publishing at the same moment (the same
 * build from two folders, and an older and a newer build racing) never fail and never leave a damaged or older build
 * on top; a build dropped while it is being copied ends the copy with an error instead of a short file.
 */
class AdvisoryBuildStoreIT {
  @TempDir Path tmp;

  @Test
  void concurrentPublishersSerialiseAndTheNewestBuildWins() throws Exception {
    Path older = build("older", "BIT-activemq-2020-11998.json");
    Path newer = build("newer", "BIT-activemq-2023-46604.json");
    Path twin = tmp.resolve("twin");
    Files.createDirectories(twin);
    Files.copy(newer.resolve("advisories.kwdb"), twin.resolve("advisories.kwdb"));
    String newerId = DatabaseBuildFile.current(newer).orElseThrow().buildId();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (TestDatabase db = TestDatabases.postgres()) {
      AdvisoryBuildStore store = new AdvisoryBuildStore(db.jdbc(), new DataSourceTransactionManager(db.dataSource()),
          Clock.systemUTC());
      for (int round = 0; round < 5; round++) {
        db.jdbc().sql("delete from advisory_db_builds").update();
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<AdvisoryBuildStore.Outcome>> outcomes = new ArrayList<>();
        for (Path dir : List.of(older, newer, twin)) {
          outcomes.add(pool.submit(publishAt(store, dir, start)));
        }
        List<AdvisoryBuildStore.Outcome> results = new ArrayList<>();
        for (Future<AdvisoryBuildStore.Outcome> f : outcomes) {
          results.add(f.get());
        }
        // The newer build is published once, whichever of its two folders got the lock first; the older one only
        // if it got the lock before both.
        assertThat(results.subList(1, 3)).containsExactlyInAnyOrder(AdvisoryBuildStore.Outcome.PUBLISHED,
            AdvisoryBuildStore.Outcome.NOT_NEWER);
        AdvisoryBuildStore.PublishedBuild top = store.newest().orElseThrow();
        assertThat(top.buildId()).isEqualTo(newerId);
        assertThat(top.sha256()).isEqualTo(sha256(newer.resolve("advisories.kwdb")));
        assertThat(top.sizeBytes()).isEqualTo(Files.size(newer.resolve("advisories.kwdb")));
        assertThat(store.all()).hasSizeLessThanOrEqualTo(2);
        // What is read back is the file, byte for byte.
        try (InputStream in = store.open(top)) {
          assertThat(sha256(in)).isEqualTo(top.sha256());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBuildDroppedWhileItIsCopiedEndsTheCopyWithAnError() throws Exception {
    Path big = tmp.resolve("big");
    new AdvisoryDatabaseUpdater(big, Duration.ofDays(3650), Clock.systemUTC())
        .importFiles(List.of(AdvisoryFiles.advisories().resolve("osv/Go.zip")));
    try (TestDatabase db = TestDatabases.postgres()) {
      AdvisoryBuildStore store = new AdvisoryBuildStore(db.jdbc(), new DataSourceTransactionManager(db.dataSource()),
          Clock.systemUTC());
      try (DatabaseBuildFile.Opened f = DatabaseBuildFile.open(big).orElseThrow()) {
        assertThat(store.publish(f, "test")).isEqualTo(AdvisoryBuildStore.Outcome.PUBLISHED);
      }
      AdvisoryBuildStore.PublishedBuild b = store.newest().orElseThrow();
      assertThat(b.chunks()).isGreaterThan(1);
      try (InputStream in = store.open(b)) {
        assertThat(in.readNBytes(AdvisoryBuildStore.CHUNK_BYTES)).hasSize(AdvisoryBuildStore.CHUNK_BYTES);
        db.jdbc().sql("delete from advisory_db_builds").update();
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
            .hasMessageContaining("chunk 1 of build " + b.buildId() + " is missing");
      }
    }
  }

  private static Callable<AdvisoryBuildStore.Outcome> publishAt(AdvisoryBuildStore store, Path dir,
      CyclicBarrier start) {
    return () -> {
      try (DatabaseBuildFile.Opened f = DatabaseBuildFile.open(dir).orElseThrow()) {
        start.await();
        return store.publish(f, dir.getFileName().toString());
      }
    };
  }

  private Path build(String name, String record) throws Exception {
    Path in = AdvisoryFiles.extract("Bitnami.zip", tmp.resolve(name + "-in/" + name), record);
    Path dir = tmp.resolve(name);
    new AdvisoryDatabaseUpdater(dir, Duration.ofDays(3650), Clock.systemUTC()).importFiles(List.of(in));
    return dir;
  }

  private static String sha256(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      d.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
