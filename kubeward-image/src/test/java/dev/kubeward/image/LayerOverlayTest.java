package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stacking layers the way the runtime does. */
class LayerOverlayTest {
  private static LayerOverlay.Changes<String> files(Map<String, String> files) {
    return new LayerOverlay.Changes<>(files, Set.of(), Set.of(), Map.of());
  }

  @Test
  void laterLayersReplaceAndWhiteoutsDelete() {
    LayerOverlay<String> o = new LayerOverlay<>();
    o.apply(0, files(Map.of("etc/a", "a0", "etc/b", "b0", "usr/lib/x/y", "y0")));
    o.apply(1, files(Map.of("etc/a", "a1")));
    o.apply(2, new LayerOverlay.Changes<>(Map.of(), Set.of("etc/b", "usr/lib/x"), Set.of(), Map.of()));
    assertThat(o.files()).containsOnlyKeys("etc/a");
    assertThat(o.files().get("etc/a")).extracting(LayerOverlay.Version::layerIndex).containsExactly(0, 1);
  }

  @Test
  void opaqueDirectoriesHideOnlyLowerLayers() {
    LayerOverlay<String> o = new LayerOverlay<>();
    o.apply(0, files(Map.of("app/old", "o", "app2/keep", "k")));
    o.apply(1, new LayerOverlay.Changes<>(Map.of("app/new", "n"), Set.of(), Set.of("app"), Map.of()));
    assertThat(o.files()).containsOnlyKeys("app/new", "app2/keep");
  }

  @Test
  void aFileDeletedAndRecreatedStartsAFreshHistory() {
    LayerOverlay<String> o = new LayerOverlay<>();
    o.apply(0, files(Map.of("f", "v0")));
    o.apply(1, new LayerOverlay.Changes<>(Map.of(), Set.of("f"), Set.of(), Map.of()));
    o.apply(2, files(Map.of("f", "v2")));
    assertThat(o.files().get("f")).extracting(LayerOverlay.Version::layerIndex).containsExactly(2);
  }

  @Test
  void symlinksResolveInsideTheRootAndLoopsAreDetected() {
    LayerOverlay<String> o = new LayerOverlay<>();
    o.apply(0, new LayerOverlay.Changes<>(Map.of("usr/lib/os-release", "x"), Set.of(), Set.of(),
        Map.of("etc/os-release", "../usr/lib/os-release", "lib", "usr/lib", "a", "b", "b", "/a", "up", "../../../..")));
    assertThat(o.resolve("etc/os-release")).isEqualTo("usr/lib/os-release");
    assertThat(o.lookup("etc/os-release")).map(LayerOverlay.Version::payload).contains("x");
    assertThat(o.resolve("lib/os-release")).isEqualTo("usr/lib/os-release");
    assertThat(o.resolve("a/file")).isNull();
    assertThat(o.resolve("up/etc")).isEqualTo("etc");
  }
}
