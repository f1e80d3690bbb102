package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.AdvisorySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Every {@link AdvisorySource} on the class path, found through {@code META-INF/services}. */
public final class SourceRegistry {
  private final List<AdvisorySource> sources = new ArrayList<>();

  public SourceRegistry() {
    ServiceLoader.load(AdvisorySource.class, SourceRegistry.class.getClassLoader()).forEach(sources::add);
  }

  public List<AdvisorySource> all() {
    return List.copyOf(sources);
  }

  public Optional<AdvisorySource> byId(String id) {
    return sources.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The source most sure that it reads this file, if any. */
  public Optional<AdvisorySource> detect(String fileName, byte[] head) {
    AdvisorySource best = null;
    int bestScore = 0;
    for (AdvisorySource s : sources) {
      int score = s.recognize(fileName, head);
      if (score > bestScore) {
        best = s;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }
}
