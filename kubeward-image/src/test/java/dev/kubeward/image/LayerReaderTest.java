package dev.kubeward.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Streaming layers: formats, whiteouts, and hostile content that must fail clearly and never crash. */
class LayerReaderTest {
  record Seen(List<LayerEntry> entries, List<String> contents, List<String> warnings) implements LayerVisitor {
    Seen() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    @Override
    public void entry(LayerEntry entry, InputStream content) throws IOException {
      entries.add(entry);
      if (entry.type() == LayerEntry.Type.FILE && entry.size() < 1000) {
        contents.add(entry.path() + "=" + new String(content.readAllBytes(), StandardCharsets.UTF_8));
      }
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }
  }

  private static Seen read(byte[] layer) {
    return read(new LayerReader(), layer);
  }

  private static Seen read(LayerReader reader, byte[] layer) {
    Seen seen = new Seen();
    reader.read("test-image", "sha256:layer", new ByteArrayInputStream(layer), "", seen);
    return seen;
  }

  static byte[] sample() {
    return new Tars().dir("etc").file("etc/os-release", "ID=alpine\n").symlink("etc/link", "../usr/lib/x")
        .hardlink("etc/hard", "etc/os-release").file("./usr/bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
        .file("var/lib/.wh.gone", "").file("opt/app/.wh..wh..opq", "").tar();
  }

  @Test
  void gzipZstdAndPlainLayersGiveTheSameEntries() {
    Seen plain = read(sample());
    Seen gzip = read(Tars.gzip(sample()));
    Seen zstd = read(Tars.zstd(sample()));
    assertThat(gzip.entries()).isEqualTo(plain.entries());
    assertThat(zstd.entries()).isEqualTo(plain.entries());
    assertThat(plain.contents()).containsExactly("etc/os-release=ID=alpine\n", "usr/bin/tool=#!/bin/sh\n");
  }

  @Test
  void entriesAreClassifiedAndNormalised() {
    List<LayerEntry> e = read(sample()).entries();
    assertThat(e).extracting(LayerEntry::path, LayerEntry::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("etc", LayerEntry.Type.DIRECTORY),
        org.assertj.core.groups.Tuple.tuple("etc/os-release", LayerEntry.Type.FILE),
        org.assertj.core.groups.Tuple.tuple("etc/link", LayerEntry.Type.SYMLINK),
        org.assertj.core.groups.Tuple.tuple("etc/hard", LayerEntry.Type.HARDLINK),
        org.assertj.core.groups.Tuple.tuple("usr/bin/tool", LayerEntry.Type.FILE),
        org.assertj.core.groups.Tuple.tuple("var/lib/gone", LayerEntry.Type.WHITEOUT),
        org.assertj.core.groups.Tuple.tuple("opt/app", LayerEntry.Type.OPAQUE_DIRECTORY));
    assertThat(e.get(2).linkTarget()).isEqualTo("../usr/lib/x");
    assertThat(e.get(3).linkTarget()).isEqualTo("etc/os-release");
    assertThat(e.get(4).executable()).isTrue();
  }

  @Test
  void pathsLeavingTheRootAreRefusedNamingImageAndLayer() {
    for (String bad : List.of("../etc/passwd", "a/../../b", "/etc/shadow")) {
      byte[] layer = new Tars().file(bad, "x").tar();
      assertThatThrownBy(() -> read(layer)).isInstanceOf(ImageException.class)
          .hasMessageContaining("test-image").hasMessageContaining("sha256:layer")
          .satisfies(t -> assertThat(((ImageException) t).kind()).isEqualTo(ImageException.Kind.UNSAFE_ENTRY));
    }
    assertThatThrownBy(() -> read(new Tars().hardlink("a", "../../etc/passwd").tar()))
        .isInstanceOf(ImageException.class).hasMessageContaining("outside the root");
    // Harmless ".." that stays inside is normalised.
    assertThat(read(new Tars().file("a/../b", "x").tar()).entries().get(0).path()).isEqualTo("b");
  }

  @Test
  void duplicateEntriesAreWarnedAboutAndTheLaterOneWins() {
    Seen s = read(new Tars().file("etc/x", "one").file("etc/x", "two").tar());
    assertThat(s.warnings()).singleElement().asString().contains("duplicate entry 'etc/x'");
    assertThat(s.contents()).containsExactly("etc/x=one", "etc/x=two");
  }

  @Test
  void truncatedAndCorruptCompressionIsACorruptLayer() {
    byte[] gz = Tars.gzip(new Tars().file("a", "x".repeat(5000)).file("b", "y".repeat(5000)).tar());
    for (byte[] bad : List.of(Arrays.copyOf(gz, gz.length / 2), Arrays.copyOf(gz, 30), flip(gz, gz.length / 2),
        Arrays.copyOf(Tars.zstd(sample()), 40))) {
      assertThatThrownBy(() -> read(bad)).isInstanceOf(ImageException.class)
          .satisfies(t -> assertThat(((ImageException) t).kind()).isEqualTo(ImageException.Kind.CORRUPT_LAYER))
          .hasMessageContaining("sha256:layer");
    }
    byte[] tar = new Tars().file("a", "x".repeat(5000)).tar();
    assertThatThrownBy(() -> read(Arrays.copyOf(tar, 1500))).isInstanceOf(ImageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void decompressionBombsStopAtTheCaps() {
    byte[] zeros = new byte[64 << 20];
    byte[] bomb = Tars.gzip(new Tars().file("zeros", zeros, 0644).tar());
    assertThat(bomb.length).isLessThan(100_000);
    LayerReader ratioCapped = new LayerReader(LayerLimits.DEFAULT.withRatio(100, 1 << 20));
    assertThatThrownBy(() -> read(ratioCapped, bomb)).isInstanceOf(ImageException.class)
        .satisfies(t -> assertThat(((ImageException) t).kind()).isEqualTo(ImageException.Kind.LIMIT_EXCEEDED))
        .hasMessageContaining("decompression bomb");
    LayerReader sizeCapped = new LayerReader(LayerLimits.DEFAULT.withMaxUncompressedBytes(8 << 20));
    assertThatThrownBy(() -> read(sizeCapped, bomb)).isInstanceOf(ImageException.class)
        .hasMessageContaining("beyond the cap");
  }

  @Test
  void hugeDeclaredEntriesAreRefusedBeforeReading() {
    LayerReader reader = new LayerReader(LayerLimits.DEFAULT.withMaxUncompressedBytes(1 << 20));
    byte[] big = new Tars().file("big", new byte[2 << 20], 0644).tar();
    assertThatThrownBy(() -> read(reader, Arrays.copyOf(big, 4096))).isInstanceOf(ImageException.class)
        .hasMessageContaining("'big' declares");
  }

  @Test
  void anExpectedUncompressedDigestIsVerified() {
    byte[] tar = sample();
    String right = dev.kubeward.image.internal.Digests.sha256(tar);
    new LayerReader().read("img", "l", new ByteArrayInputStream(Tars.gzip(tar)), right, new Seen());
    String wrong = "sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> new LayerReader().read("img", "l", new ByteArrayInputStream(Tars.gzip(tar)), wrong, new Seen()))
        .isInstanceOf(ImageException.class)
        .satisfies(t -> assertThat(((ImageException) t).kind()).isEqualTo(ImageException.Kind.DIGEST_MISMATCH));
  }

  @Test
  void fuzzedLayersFailOnlyWithImageExceptions() {
    Random random = new Random(42);
    byte[][] seeds = {sample(), Tars.gzip(sample()), Tars.zstd(sample())};
    int failures = 0;
    for (int i = 0; i < 1500; i++) {
      byte[] seed = seeds[i % seeds.length];
      byte[] bad = seed.clone();
      switch (random.nextInt(3)) {
        case 0 -> {
          for (int k = 0; k < 1 + random.nextInt(8); k++) {
            bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
          }
        }
        case 1 -> bad = Arrays.copyOf(seed, random.nextInt(seed.length));
        default -> {
          byte[] junk = new byte[random.nextInt(2048)];
          random.nextBytes(junk);
          bad = junk;
        }
      }
      try {
        read(bad);
      } catch (ImageException expected) {
        failures++;
        assertThat(expected.getMessage()).contains("test-image");
      }
    }
    assertThat(failures).isGreaterThan(100);
  }

  private static byte[] flip(byte[] data, int at) {
    byte[] copy = data.clone();
    for (int i = at; i < Math.min(copy.length - 8, at + 64); i++) {
      copy[i] ^= (byte) 0x5a;
    }
    return copy;
  }
}
