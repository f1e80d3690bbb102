package dev.kubeward.advisories.internal.store;

import java.nio.charset.StandardCharsets;

/**
 * The database file: a header, named sections and a directory, all big-endian.
 *
 * <pre>
 * header    "KWADVDB1" | int formatVersion | long directoryOffset
 * sections  a table each: int n | int keyEnd[n+1] | long valueEnd[n+1] | key bytes | value bytes
 *           keys are UTF-8, sorted as unsigned bytes, so a lookup is a binary search over the mapped file
 * directory int sections | (short nameLength, name, long offset, long length) per section
 * </pre>
 *
 * <p>Values are {@link RecordCodec} records (format 1 stored them as JSON; its {@code meta} section can still be read,
 * so an update over an old database knows its sources).
 */
public final class KwdbFormat {
  private KwdbFormat() {}

  static final byte[] MAGIC = "KWADVDB1".getBytes(StandardCharsets.US_ASCII);
  /** Bumped whenever the layout or the stored records change; older files are rebuilt from their sources. */
  public static final int VERSION = 2;
  static final int HEADER_SIZE = 8 + 4 + 8;

  public static final String META = "meta";
  public static final String PACKAGES = "packages";
  public static final String ADVISORIES = "advisories";
  public static final String CVES = "cves";
}
