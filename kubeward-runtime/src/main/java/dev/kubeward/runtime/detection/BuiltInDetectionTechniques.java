package dev.kubeward.runtime.detection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kubeward.model.ClasspathFolder;
import dev.kubeward.model.DetectionTechniques;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ATT&CK technique of every built-in detection, read from the detections' own {@code mitre} field. Registered in
 * {@code META-INF/services/dev.kubeward.model.DetectionTechniques} for the compliance module's ATT&CK standard. It
 * reads only the id and technique of each file instead of compiling the catalogue, because every posture scan looks
 * the mapping up and should not pay for compiling the detections' CEL; a test keeps both readings equal.
 */
public final class BuiltInDetectionTechniques implements DetectionTechniques {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Override
  public Map<String, String> techniques() {
    Map<String, String> out = new TreeMap<>();
    ClasspathFolder.read(DetectionCatalog.BUILT_IN_FOLDER, BuiltInDetectionTechniques.class.getClassLoader())
        .forEach((name, text) -> {
          if (name.contains("/") || !name.endsWith(".yaml")) {
            return;
          }
          try {
            JsonNode tree = YAML.readTree(text);
            String technique = tree.path("mitre").path("techniqueId").asText("");
            if (!technique.isEmpty()) {
              out.put(tree.path("id").asText(), technique);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in detection " + name, e);
          }
        });
    return out;
  }
}
