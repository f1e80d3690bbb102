package dev.kubeward.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.kubeward.image.internal.CountingInputStream;
import dev.kubeward.image.internal.GuardedInputStream;
import dev.kubeward.image.internal.PathHashSet;
import dev.kubeward.image.internal.PathNormalizer;
import dev.kubeward.image.internal.VerifyingInputStream;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams one layer — gzip, zstd or plain tar, detected from its first bytes — and reports every entry to a
 * {@link LayerVisitor} without holding the layer in memory. Hostile content stops the walk with an
 * {@link ImageException} naming image and layer: corrupt or truncated compression, paths that leave the root, caps of
 * {@link LayerLimits} exceeded. Duplicate entries are reported as warnings (tar semantics: the later one wins).
 */
public final class LayerReader {
  private static final int BUFFER = 1 << 16;
  private final LayerLimits limits;

  public LayerReader(LayerLimits limits) {
    this.limits = limits;
  }

  public LayerReader() {
    this(LayerLimits.DEFAULT);
  }

  /**
   * Walks a layer.
   *
   * @param image the image's name, for messages
   * @param layerName the layer's digest, for messages
   * @param stored the layer's bytes as stored; read to its end so a verifying stream can check the digest
   * @param expectedDiffId the digest the uncompressed tar must have, or "" to skip that check (because the stored
   *     digest is verified already)
   */
  public LayerStats read(String image, String layerName, InputStream stored, String expectedDiffId, LayerVisitor visitor) {
    CountingInputStream compressed = new CountingInputStream(stored);
    BufferedInputStream buffered = new BufferedInputStream(compressed, BUFFER);
    GuardedInputStream expanded = null;
    long entries = 0;
    long duplicates = 0;
    try {
      InputStream decompressed = decompress(buffered, image, layerName);
      expanded = new GuardedInputStream(decompressed, limits, compressed::count, image, layerName);
      InputStream tarSource = expanded;
      VerifyingInputStream diffVerifier = null;
      if (expectedDiffId != null && !expectedDiffId.isEmpty()) {
        diffVerifier = new VerifyingInputStream(expanded, expectedDiffId, -1, image, layerName + " (uncompressed)");
        tarSource = diffVerifier;
      }
      PathHashSet seen = new PathHashSet();
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(tarSource, BUFFER))) {
        InputStream content = new ContentStream(tar, image, layerName);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          entries++;
          if (entries > limits.maxEntries()) {
            throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layerName,
                "layer has more than " + limits.maxEntries() + " entries");
          }
          LayerEntry entry = toEntry(e, image, layerName);
          if (entry == null) {
            continue;
          }
          boolean marker = entry.type() == LayerEntry.Type.WHITEOUT || entry.type() == LayerEntry.Type.OPAQUE_DIRECTORY;
          if (entry.type() != LayerEntry.Type.DIRECTORY && !seen.add(marker ? "\0" + entry.path() : entry.path())) {
            duplicates++;
            visitor.warning("duplicate entry '" + entry.path() + "' in layer " + layerName + " (the later one wins)");
          }
          try {
            visitor.entry(entry, content);
          } catch (IOException ex) {
            throw new UncheckedIOException("reading '" + entry.path() + "' of layer " + layerName + " in " + image, ex);
          }
        }
        // Read whatever follows the tar's end so digests cover the whole blob.
        drain(tarSource);
        if (diffVerifier != null) {
          diffVerifier.drainAndVerify();
        }
        drain(buffered);
      }
      return new LayerStats(compressed.count(), expanded.count(), entries, duplicates);
    } catch (ImageException | UncheckedIOException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageException(ImageException.Kind.CORRUPT_LAYER, image, layerName,
          "corrupt or truncated layer after " + (expanded == null ? 0 : expanded.count()) + " bytes: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[BUFFER];
    while (in.read(buf, 0, buf.length) >= 0) {
      // discard
    }
  }

  private InputStream decompress(BufferedInputStream in, String image, String layer) throws IOException {
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      try {
        ZstdInputStream z = new ZstdInputStream(in);
        z.setContinuous(false);
        return z;
      } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
        throw new ImageException(ImageException.Kind.UNSUPPORTED, image, layer,
            "zstd layers need the zstd native library, which did not load: " + e.getMessage());
      }
    }
    if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h'
        || magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
      throw new ImageException(ImageException.Kind.UNSUPPORTED, image, layer,
          "bzip2 and xz layers are not part of the OCI image spec");
    }
    return in;
  }

  private LayerEntry toEntry(TarArchiveEntry e, String image, String layer) {
    String raw = e.getName();
    if (raw.length() > limits.maxPathLength()) {
      throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layer,
          "entry name longer than " + limits.maxPathLength() + " characters");
    }
    String path = PathNormalizer.normalize(raw);
    if (path == null) {
      throw new ImageException(ImageException.Kind.UNSAFE_ENTRY, image, layer,
          "entry '" + printable(raw) + "' has an absolute path or leaves the root with '..'");
    }
    if (path.isEmpty()) {
      return null;
    }
    if (e.getSize() > limits.maxEntrySize() || e.getSize() < 0) {
      throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layer,
          "entry '" + printable(path) + "' declares " + e.getSize() + " bytes, beyond the cap of " + limits.maxEntrySize());
    }
    int slash = path.lastIndexOf('/');
    String name = slash < 0 ? path : path.substring(slash + 1);
    String dir = slash < 0 ? "" : path.substring(0, slash);
    int mode = e.getMode() & 07777;
    if (name.startsWith(".wh.")) {
      if (name.equals(".wh..wh..opq")) {
        return new LayerEntry(dir, LayerEntry.Type.OPAQUE_DIRECTORY, 0, mode, "");
      }
      String target = name.substring(4);
      if (target.isEmpty() || target.equals(".") || target.equals("..")) {
        throw new ImageException(ImageException.Kind.UNSAFE_ENTRY, image, layer, "malformed whiteout '" + printable(raw) + "'");
      }
      return new LayerEntry(dir.isEmpty() ? target : dir + "/" + target, LayerEntry.Type.WHITEOUT, 0, mode, "");
    }
    if (e.isSymbolicLink()) {
      String target = e.getLinkName();
      if (target.length() > limits.maxPathLength()) {
        throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layer, "symlink target too long at '" + path + "'");
      }
      return new LayerEntry(path, LayerEntry.Type.SYMLINK, 0, mode, target);
    }
    if (e.isLink()) {
      String target = PathNormalizer.normalizeLink(e.getLinkName());
      if (target == null || target.isEmpty()) {
        throw new ImageException(ImageException.Kind.UNSAFE_ENTRY, image, layer,
            "hard link '" + printable(path) + "' points outside the root: '" + printable(e.getLinkName()) + "'");
      }
      return new LayerEntry(path, LayerEntry.Type.HARDLINK, 0, mode, target);
    }
    if (e.isDirectory()) {
      return new LayerEntry(path, LayerEntry.Type.DIRECTORY, 0, mode, "");
    }
    if (e.isFile()) {
      return new LayerEntry(path, LayerEntry.Type.FILE, e.getSize(), mode, "");
    }
    return new LayerEntry(path, LayerEntry.Type.OTHER, 0, mode, "");
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  /** The tar stream for one entry: turns read failures into layer errors so analyzers cannot mistake them for their own. */
  private static final class ContentStream extends FilterInputStream {
    private final String image;
    private final String layer;

    ContentStream(InputStream in, String image, String layer) {
      super(in);
      this.image = image;
      this.layer = layer;
    }

    @Override
    public int read() {
      try {
        return in.read();
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) {
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public long skip(long n) {
      try {
        return in.skip(n);
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int available() {
      try {
        return in.available();
      } catch (IOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public void close() {
      // The tar stream belongs to the walk.
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private ImageException corrupt(IOException e) {
      return new ImageException(ImageException.Kind.CORRUPT_LAYER, image, layer,
          "corrupt or truncated layer: " + describe(e), e);
    }
  }
}
