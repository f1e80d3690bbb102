package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeward.image.internal.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCacheTest {
  @TempDir Path dir;

  private static byte[] blob(int n, int size) {
    byte[] b = new byte[size];
    b[0] = (byte) n;
    return b;
  }

  @Test
  void blobsAreVerifiedAndEvictedLeastRecentlyUsedFirst() throws Exception {
    LayerCache cache = new LayerCache(dir, 3000);
    String[] digests = new String[4];
    for (int i = 0; i < 3; i++) {
      byte[] b = blob(i, 1000);
      digests[i] = Digests.sha256(b);
      cache.putBlob(digests[i], b.length, new ByteArrayInputStream(b), "img");
      Thread.sleep(5);
    }
    assertThat(cache.blob(digests[0])).isPresent(); // used again: now the most recent
    Thread.sleep(5);
    byte[] b3 = blob(3, 1000);
    digests[3] = Digests.sha256(b3);
    cache.putBlob(digests[3], b3.length, new ByteArrayInputStream(b3), "img");
    assertThat(cache.blob(digests[1])).as("least recently used").isEmpty();
    assertThat(cache.blob(digests[0])).isPresent();
    assertThat(cache.blob(digests[2])).isPresent();
    assertThat(cache.blob(digests[3])).isPresent();
    assertThat(cache.sizeBytes()).isLessThanOrEqualTo(3000);
  }

  @Test
  void aBlobThatDoesNotMatchItsDigestIsNeverStored() throws IOException {
    LayerCache cache = new LayerCache(dir, 1 << 20);
    String claimed = Digests.sha256(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> cache.putBlob(claimed, 3, new ByteArrayInputStream(new byte[] {9, 9, 9}), "img"))
        .isInstanceOf(ImageException.class)
        .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(ImageException.Kind.DIGEST_MISMATCH));
    assertThat(cache.blob(claimed)).isEmpty();
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void resultsRoundTripAndKeysCannotEscape() throws IOException {
    LayerCache cache = new LayerCache(dir, 1 << 20);
    cache.putResult("ns", "sha256:abc", new byte[] {1});
    assertThat(cache.result("ns", "sha256:abc")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
    assertThatThrownBy(() -> cache.putResult("..", "x", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.putResult("ns", "../../etc", new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}
