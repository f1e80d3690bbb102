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
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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
  void theChartsSettingsBindAsTheEnvironmentGivesThem() {
    var source = new MapConfigurationPropertySource(Map.of("kubeward.advisories.update.interval", "6h",
        "kubeward.advisories.update.mirror", "https://mirror.internal.example/kw/",
        "kubeward.advisories.update.ecosystems", "Go,npm", "kubeward.advisories.update.source-mirror.osv",
        "https://osv.internal.example/"));
    AdvisoryDistributionProperties p = new Binder(source).bindOrCreate("kubeward.advisories",
        Bindable.of(AdvisoryDistributionProperties.class));
    assertThat(p.update().interval()).contains(Duration.ofHours(6));
    assertThat(p.update().settings().mirror()).contains(URI.create("https://mirror.internal.example/kw/"));
    assertThat(p.update().ecosystems()).containsExactly("Go", "npm");
    assertThat(p.update().sourceMirror()).containsEntry("osv", URI.create("https://osv.internal.example/"));
    assertThat(p.sync().interval()).isEqualTo(Duration.ofSeconds(60));
    AdvisoryDistributionProperties defaults = new Binder(new MapConfigurationPropertySource()).bindOrCreate(
        "kubeward.advisories", Bindable.of(AdvisoryDistributionProperties.class));
    assertThat(defaults.update().enabled()).as("no update unless configured").isFalse();
    assertThat(defaults.sync().enabled()).isTrue();
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
