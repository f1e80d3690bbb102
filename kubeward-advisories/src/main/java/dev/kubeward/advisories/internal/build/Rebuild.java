package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.AdvisorySource;
import dev.kubeward.advisories.internal.store.DatabaseMetadata;
import dev.kubeward.advisories.internal.store.StoredSource;
import dev.kubeward.model.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads every input with its source and writes a database file; any unreadable input fails the whole build. */
public final class Rebuild {
  private Rebuild() {}

  public static DatabaseMetadata build(List<BuildInput> inputs, SourceRegistry registry, Path out, Instant now,
      ProgressListener progress) throws IOException {
    DatabaseBuilder builder = new DatabaseBuilder();
    List<StoredSource> sources = new ArrayList<>();
    int done = 0;
    for (BuildInput in : inputs) {
      StoredSource meta = in.meta();
      AdvisorySource source = registry.byId(meta.sourceId())
          .orElseThrow(() -> new IOException(meta.origin() + ": no advisory source '" + meta.sourceId() + "' in this build"));
      builder.startSource(meta.origin());
      progress.progress("reading " + meta.slot(), done++, inputs.size());
      try {
        source.read(new LocalSourceFile(meta.origin(), in.file()), builder);
      } catch (IOException | RuntimeException e) {
        throw new IOException(meta.origin() + ": " + e.getMessage(), e);
      }
      int[] counts = builder.sourceCounts();
      sources.add(meta.withCounts(counts[0], counts[1]));
    }
    progress.progress("writing database", inputs.size(), inputs.size());
    return builder.write(out, sources, now);
  }
}
