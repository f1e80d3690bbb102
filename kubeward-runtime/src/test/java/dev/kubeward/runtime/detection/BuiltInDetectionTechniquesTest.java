package dev.kubeward.runtime.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubeward.model.DetectionTechniques;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The technique mapping published for compliance says what the compiled catalogue says, and is found by ServiceLoader. */
class BuiltInDetectionTechniquesTest {
  @Test
  void publishedTechniquesMatchTheCompiledCatalogue() {
    Map<String, String> compiled = new TreeMap<>();
    for (Detection d : DetectionCatalog.builtIn().detections()) {
      if (!d.mitre().unmapped()) {
        compiled.put(d.id(), d.mitre().techniqueId());
      }
    }
    assertThat(new BuiltInDetectionTechniques().techniques()).isEqualTo(compiled).isNotEmpty();
    assertThat(DetectionTechniques.installed()).isEqualTo(compiled);
  }
}
