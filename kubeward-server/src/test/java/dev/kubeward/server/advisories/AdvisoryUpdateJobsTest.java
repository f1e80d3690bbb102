package dev.kubeward.server.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.advisories.UpdateSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The update job carries the scheduling process's options to whichever runner claims it. */
class AdvisoryUpdateJobsTest {

  @Test
  void optionsSurviveThePayload() {
    var u = new AdvisoryDistributionProperties.Update(Optional.of(Duration.ofHours(6)),
        Optional.of(URI.create("https://mirror.example/kubeward/")), Map.of("osv", URI.create("https://osv.example/")),
        List.of("Go", "crates.io"), List.of("nvd"), 2020, Duration.ofSeconds(45));
    UpdateSettings s = AdvisoryUpdateJobs.settings(AdvisoryUpdateJobs.payload(u));
    assertThat(s).isEqualTo(new UpdateSettings(Optional.of(URI.create("https://mirror.example/kubeward/")),
        Map.of("osv", URI.create("https://osv.example/")), List.of("Go", "crates.io"), Set.of("nvd"), 2020,
        Duration.ofSeconds(45)));
  }

  @Test
  void noMirrorMeansThePublishersAndDefaultsStayDefaults() {
    var u = new AdvisoryDistributionProperties.Update(Optional.of(Duration.ofHours(6)), Optional.empty(), null, null,
        null, 2002, Duration.ofMinutes(5));
    assertThat(AdvisoryUpdateJobs.settings(AdvisoryUpdateJobs.payload(u))).isEqualTo(UpdateSettings.defaults());
    assertThat(new AdvisoryDistributionProperties.Update(Optional.of(Duration.ZERO), Optional.empty(), null, null,
        null, 2002, Duration.ofMinutes(5)).enabled()).as("a zero interval is off").isFalse();
  }
}
