package dev.kubeward.image.internal;

import dev.kubeward.image.ImageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes everything read through it and, at end of stream, compares with the expected digest, so no consumer can see
 * the whole of a tampered blob without an error. Also enforces the blob's declared size when known.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final String expected;
  private final String image;
  private final String what;
  private final long expectedSize;
  private final MessageDigest hasher;
  private long count;
  private boolean checked;

  public VerifyingInputStream(InputStream in, String expected, long expectedSize, String image, String what) {
    super(in);
    if (!Digests.isValid(expected)) {
      throw new ImageException(ImageException.Kind.BAD_INPUT, image, what, "unsupported or malformed digest '" + expected + "'");
    }
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.image = image;
    this.what = what;
    this.hasher = Digests.hasherFor(expected);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      hasher.update(b, off, n);
      count += n;
      if (expectedSize >= 0 && count > expectedSize) {
        throw new ImageException(ImageException.Kind.DIGEST_MISMATCH, image, what,
            "blob is larger than its declared size of " + expectedSize + " bytes");
      }
    } else if (n < 0) {
      check();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() {
    if (checked) {
      return;
    }
    checked = true;
    String actual = Digests.format(expected, hasher.digest());
    if (!actual.equals(expected)) {
      throw new ImageException(ImageException.Kind.DIGEST_MISMATCH, image, what,
          "content hashes to " + actual + ", not the expected " + expected);
    }
    if (expectedSize >= 0 && count != expectedSize) {
      throw new ImageException(ImageException.Kind.DIGEST_MISMATCH, image, what,
          "blob has " + count + " bytes, not the declared " + expectedSize);
    }
  }

  /** Reads whatever is left so the digest gets checked. */
  public void drainAndVerify() throws IOException {
    byte[] buf = new byte[65536];
    while (read(buf, 0, buf.length) >= 0) {
      // drain
    }
  }
}
