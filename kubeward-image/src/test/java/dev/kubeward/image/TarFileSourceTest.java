package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.image.internal.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries of a {@code docker save} archive read by several layer threads at once. */
class TarFileSourceTest {
  @TempDir Path tmp;

  @Test
  void entriesReadConcurrentlyKeepTheirOwnBytes() throws Exception {
    Random r = new Random(3);
    byte[][] layers = new byte[4][];
    Tars tar = new Tars();
    for (int i = 0; i < layers.length; i++) {
      layers[i] = new byte[1_500_000 + i * 1000];
      r.nextBytes(layers[i]);
      tar.file("layer" + i + "/layer.tar", layers[i], 0644);
    }
    Path archive = Files.write(tmp.resolve("image.tar"), tar.tar());
    ExecutorService pool = Executors.newFixedThreadPool(layers.length);
    try (FileSource source = FileSource.tar(archive)) {
      for (int round = 0; round < 10; round++) {
        List<Future<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
          String name = "layer" + i + "/layer.tar";
          reads.add(pool.submit(() -> {
            try (InputStream in = source.open(name)) {
              // Small reads interleave the threads as much as possible.
              java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
              byte[] buf = new byte[517];
              for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
              }
              return out.toByteArray();
            }
          }));
        }
        for (int i = 0; i < layers.length; i++) {
          assertThat(Arrays.equals(reads.get(i).get(), layers[i])).as("layer %d, round %d", i, round).isTrue();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTruncatedArchiveEndsTheEntryWithAnError() throws IOException {
    byte[] content = new byte[100_000];
    Path archive = Files.write(tmp.resolve("image.tar"), new Tars().file("layer.tar", content, 0644).tar());
    try (FileSource source = FileSource.tar(archive)) {
      // Cut the file after indexing: the entry's bytes are no longer all there.
      try (var ch = java.nio.channels.FileChannel.open(archive, java.nio.file.StandardOpenOption.WRITE)) {
        ch.truncate(50_000);
      }
      assertThatThrownBy(() -> {
        try (InputStream in = source.open("layer.tar")) {
          in.readAllBytes();
        }
      }).isInstanceOf(java.io.EOFException.class).hasMessageContaining("bytes missing");
    }
  }
}
