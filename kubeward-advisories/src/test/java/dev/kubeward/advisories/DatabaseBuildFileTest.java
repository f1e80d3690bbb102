package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copying a build between folders the way the server's PostgreSQL distribution does: the copy is installed only when
 * it is exactly the published build, and anything else leaves the receiving folder's database as it was.
 */
class DatabaseBuildFileTest {
  @TempDir Path tmp;
  Path source;
  byte[] bytes;
  String sha;
  String buildId;

  @BeforeEach
  void build() throws Exception {
    source = SmallDatabase.build(tmp.resolve("a"));
    bytes = Files.readAllBytes(source.resolve("advisories.kwdb"));
    sha = sha256(bytes);
    buildId = DatabaseBuildFile.current(source).orElseThrow().buildId();
  }

  @Test
  void aCopyOfTheOpenedFileInstallsAsTheSameBuildWithoutSources() throws Exception {
    Path target = tmp.resolve("b");
    try (DatabaseBuildFile.Opened f = DatabaseBuildFile.open(source).orElseThrow();
        InputStream in = f.stream()) {
      assertThat(f.build().buildId()).isEqualTo(buildId);
      assertThat(f.size()).isEqualTo(bytes.length);
      DatabaseBuildFile.Build b = DatabaseBuildFile.install(target, in, f.size(), sha, buildId);
      assertThat(b.buildId()).isEqualTo(buildId);
    }
    try (AdvisoryDatabase db = AdvisoryDatabase.open(target)) {
      assertThat(db.buildId()).isEqualTo(buildId);
      assertThat(new VulnerabilityMatcher(db, Duration.ofDays(3650), SmallDatabase.CLOCK)
          .match(SmallDatabase.packages(), Optional.empty()).matches()).isNotEmpty();
    }
    assertThat(Files.exists(target.resolve("sources"))).isFalse();
    assertThat(DatabaseBuildFile.open(tmp.resolve("empty"))).isEmpty();
  }

  @Test
  void damagedOrForeignCopiesAreRefusedAndTheDatabaseStays() throws Exception {
    Path target = SmallDatabase.build(tmp.resolve("c"));
    String before = DatabaseBuildFile.current(target).orElseThrow().buildId();

    assertThatThrownBy(() -> install(target, java.util.Arrays.copyOf(bytes, bytes.length / 2), bytes.length, sha,
        buildId)).isInstanceOf(DatabaseBuildFile.RefusedCopyException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> install(target, bytes, bytes.length, "0".repeat(64), buildId))
        .isInstanceOf(DatabaseBuildFile.RefusedCopyException.class).hasMessageContaining("has SHA-256 " + sha);
    assertThatThrownBy(() -> install(target, bytes, bytes.length, sha, "another-build"))
        .isInstanceOf(DatabaseBuildFile.RefusedCopyException.class).hasMessageContaining("holds build " + buildId);
    byte[] garbage = new byte[4096];
    assertThatThrownBy(() -> install(target, garbage, garbage.length, sha256(garbage), buildId))
        .isInstanceOf(DatabaseBuildFile.RefusedCopyException.class).hasMessageContaining("cannot be opened");

    assertThat(DatabaseBuildFile.current(target).orElseThrow().buildId()).isEqualTo(before);
    try (var staging = Files.list(target)) {
      assertThat(staging.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging-"));
    }
  }

  @Test
  void anUpdateOfAReceivedCopyRefusesToDropFilesImportedElsewhere() throws Exception {
    Path target = tmp.resolve("d");
    install(target, bytes, bytes.length, sha, buildId);
    UpdateSettings nothingToFetch = new UpdateSettings(Optional.empty(), Map.of(), List.of(),
        Set.of("osv", "kev", "epss", "nvd"), 2002, Duration.ofSeconds(5));
    assertThatThrownBy(() -> new AdvisoryDatabaseUpdater(target, Duration.ofDays(7), SmallDatabase.CLOCK)
        .update(nothingToFetch)).isInstanceOf(AdvisoryDatabaseException.class)
        .hasMessageContaining("imported by another process").hasMessageContaining("previous database is unchanged");
    assertThat(DatabaseBuildFile.current(target).orElseThrow().buildId()).isEqualTo(buildId);
  }

  @Test
  void buildTimesCompareInMicroseconds() throws Exception {
    DatabaseBuildFile.Build b = DatabaseBuildFile.current(source).orElseThrow();
    assertThat(b.builtAfter(b.builtAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS))).isFalse();
    assertThat(b.builtAfter(b.builtAt().minusMillis(1))).isTrue();
  }

  private static void install(Path dir, byte[] data, long size, String sha, String id) throws Exception {
    DatabaseBuildFile.install(dir, new ByteArrayInputStream(data), size, sha, id);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
