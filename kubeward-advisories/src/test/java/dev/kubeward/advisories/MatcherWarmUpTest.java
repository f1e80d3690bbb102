package dev.kubeward.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.advisories.internal.store.AdvisoryStore;
import dev.kubeward.advisories.internal.build.DatabaseFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warming the matcher up touches every ecosystem of the database and changes nothing a match reports. */
class MatcherWarmUpTest {
  @TempDir Path tmp;

  @Test
  void samplesComeFromEveryEcosystemOfTheDatabase() throws IOException {
    Path db = SmallDatabase.build(tmp);
    AdvisoryStore store = AdvisoryStore.open(new DatabaseFolder(db).dbFile());

    List<String> keys = store.samplePackageKeys(3);

    assertThat(keys).extracting(k -> k.substring(0, k.indexOf('\u0000')))
        .containsOnly("bitnami", "kubernetes", "npm").contains("bitnami", "kubernetes", "npm");
    assertThat(keys).allSatisfy(k -> assertThat(store.affected(k)).isNotEmpty());
  }

  @Test
  void aMatchDuringAndAfterTheWarmUpReportsWhatAColdMatchReports() throws Exception {
    Path db = SmallDatabase.build(tmp);
    MatchReport cold;
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      cold = new VulnerabilityMatcher(d, Duration.ofDays(7), SmallDatabase.CLOCK)
          .match(SmallDatabase.packages(), Optional.empty());
    }
    try (AdvisoryDatabase d = AdvisoryDatabase.open(db)) {
      VulnerabilityMatcher matcher = new VulnerabilityMatcher(d, Duration.ofDays(7), SmallDatabase.CLOCK);
      CompletableFuture<Void> warm = CompletableFuture.runAsync(matcher::warmUp);
      MatchReport during = matcher.match(SmallDatabase.packages(), Optional.empty());
      warm.get();
      MatchReport after = matcher.match(SmallDatabase.packages(), Optional.empty());

      assertThat(cold.matches()).isNotEmpty();
      assertThat(during.matches()).isEqualTo(cold.matches());
      assertThat(after.matches()).isEqualTo(cold.matches());
      assertThat(after.undetermined()).isEqualTo(cold.undetermined());
    }
  }
}
