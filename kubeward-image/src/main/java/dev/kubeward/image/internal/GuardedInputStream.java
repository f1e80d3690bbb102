package dev.kubeward.image.internal;

import dev.kubeward.image.ImageException;
import dev.kubeward.image.LayerLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * Counts bytes as they are expanded and stops a decompression bomb: too many bytes in total, or too many per
 * compressed byte once past a grace amount.
 */
public final class GuardedInputStream extends FilterInputStream {
  private final LayerLimits limits;
  private final LongSupplier compressedSoFar;
  private final String image;
  private final String layer;
  private long count;

  public GuardedInputStream(InputStream in, LayerLimits limits, LongSupplier compressedSoFar, String image, String layer) {
    super(in);
    this.limits = limits;
    this.compressedSoFar = compressedSoFar;
    this.image = image;
    this.layer = layer;
  }

  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = in.skip(n);
    if (s > 0) {
      add(s);
    }
    return s;
  }

  private void add(long n) {
    count += n;
    if (count > limits.maxUncompressedBytes()) {
      throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layer,
          "layer expands beyond the cap of " + limits.maxUncompressedBytes() + " bytes (decompression bomb?)");
    }
    if (count > limits.ratioGraceBytes()) {
      long compressed = Math.max(1, compressedSoFar.getAsLong());
      if (count / compressed > limits.maxCompressionRatio()) {
        throw new ImageException(ImageException.Kind.LIMIT_EXCEEDED, image, layer,
            "layer expands more than " + limits.maxCompressionRatio() + " times its compressed size ("
                + count + " bytes from " + compressed + "; decompression bomb?)");
      }
    }
  }
}
