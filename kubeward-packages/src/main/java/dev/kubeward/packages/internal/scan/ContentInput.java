package dev.kubeward.packages.internal.scan;

import dev.kubeward.image.LayerCache;
import dev.kubeward.packages.AnalyzerInput;
import dev.kubeward.packages.CandidateFile;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file's content for the analyzers: streamed straight from the layer when a single analyzer reads it once, kept
 * in memory when small and shared, spilled to a temporary file inside the cache when an analyzer needs random access.
 */
final class ContentInput implements AnalyzerInput, AutoCloseable {
  private static final long IN_MEMORY = 4L << 20;
  private final CandidateFile file;
  private final InputStream live;
  private final Path existing;
  private final LayerCache cache;
  private final List<Path> temporaries = new ArrayList<>();
  private boolean consumed;
  private byte[] memory;
  private Path spilled;

  /** Content from a stream (a layer entry). */
  ContentInput(CandidateFile file, InputStream live, LayerCache cache) {
    this.file = file;
    this.live = live;
    this.existing = null;
    this.cache = cache;
  }

  /** Content from a file on disk (a file-system scan). */
  ContentInput(CandidateFile file, Path existing) {
    this.file = file;
    this.live = null;
    this.existing = existing;
    this.cache = null;
  }

  /** Makes the content readable many times, before it is shared by several analyzers. */
  void materialize() throws IOException {
    if (existing != null || memory != null || spilled != null) {
      return;
    }
    if (file.size() <= IN_MEMORY) {
      memory = live.readNBytes((int) file.size());
      consumed = true;
    } else {
      localFile();
    }
  }

  @Override
  public CandidateFile file() {
    return file;
  }

  @Override
  public InputStream open() throws IOException {
    if (existing != null) {
      return Files.newInputStream(existing);
    }
    if (memory != null) {
      return new ByteArrayInputStream(memory);
    }
    if (spilled != null) {
      return Files.newInputStream(spilled);
    }
    if (consumed) {
      throw new IllegalStateException("content of " + file.path() + " was already streamed; call localFile() first");
    }
    consumed = true;
    return new FilterInputStream(live) {
      @Override
      public void close() {
        // The layer stream belongs to the walk.
      }
    };
  }

  @Override
  public Path localFile() throws IOException {
    if (existing != null) {
      return existing;
    }
    if (spilled != null) {
      return spilled;
    }
    if (cache == null) {
      throw new IOException("no cache folder for temporary files");
    }
    Path tmp = cache.newTempFile();
    temporaries.add(tmp);
    try (OutputStream out = Files.newOutputStream(tmp)) {
      if (memory != null) {
        out.write(memory);
      } else {
        if (consumed) {
          throw new IllegalStateException("content of " + file.path() + " was already streamed");
        }
        consumed = true;
        live.transferTo(out);
      }
    }
    spilled = tmp;
    return tmp;
  }

  @Override
  public void close() {
    for (Path p : temporaries) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // Cleaned with the cache's stale temporaries.
      }
    }
  }
}
