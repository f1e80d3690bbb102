package dev.kubeward.server.inventory;

import dev.kubeward.inventory.KubeObject;
import dev.kubeward.inventory.LoadProblem;
import dev.kubeward.inventory.ManifestLoader;
import dev.kubeward.inventory.ManifestSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the manifests of a {@link ClusterSource.Mode#MANIFESTS} source: a file or folder on disk, or (for bundled
 * data such as the demo) a {@code classpath:} folder inside the jar.
 */
final class ManifestSources {
  static final String CLASSPATH = "classpath:";

  private ManifestSources() {}

  static ManifestSet load(String location, ManifestLoader loader) throws IOException {
    if (location.startsWith(CLASSPATH)) {
      return loadClasspath(location.substring(CLASSPATH.length()), loader);
    }
    return loader.load(List.of(Path.of(location)));
  }

  private static ManifestSet loadClasspath(String folder, ManifestLoader loader) throws IOException {
    String base = folder.endsWith("/") ? folder : folder + "/";
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(ManifestSources.class.getClassLoader());
    List<Resource> resources = new ArrayList<>();
    for (String ext : List.of("yaml", "yml", "json")) {
      resources.addAll(Arrays.asList(resolver.getResources("classpath*:" + base + "**/*." + ext)));
    }
    resources.sort(Comparator.comparing(r -> String.valueOf(r.getFilename())));
    if (resources.isEmpty()) {
      throw new IOException("no manifests found in classpath:" + base);
    }
    List<KubeObject> objects = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    for (Resource r : resources) {
      String text;
      try (InputStream in = r.getInputStream()) {
        text = new String(in.readNBytes((int) ManifestLoader.DEFAULT_MAX_FILE_BYTES + 1), StandardCharsets.UTF_8);
      }
      ManifestSet set = loader.parse(text, base + r.getFilename());
      objects.addAll(set.objects());
      problems.addAll(set.problems());
    }
    return new ManifestSet(objects, problems);
  }
}
