package dev.kubeward.runtime.event.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails, instead of reading on, once more than a limit of bytes has been read. */
public final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Thrown past the limit. */
  public static final class LimitExceededException extends IOException {
    LimitExceededException(long limit) {
      super("input is larger than " + limit + " bytes");
    }
  }

  /** Bytes read so far. */
  public long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    add(s);
    return s;
  }

  private void add(long n) throws LimitExceededException {
    count += n;
    if (count > limit) {
      throw new LimitExceededException(limit);
    }
  }
}
