package dev.kubeward.advisories.internal.store;

/**
 * One input file of a build, as the database file records it: enough to show status, to send a conditional GET next
 * time, and to rebuild from the cached copy.
 *
 * @param cachedFile its name under the database folder's {@code sources/}
 * @param retrievedAt ISO instant of the download, or the imported file's modification time
 */
public record StoredSource(String slot, String sourceId, String origin, String cachedFile, String sha256, long size,
    String etag, String lastModified, String retrievedAt, int records, int issues) {

  public StoredSource withCounts(int r, int i) {
    return new StoredSource(slot, sourceId, origin, cachedFile, sha256, size, etag, lastModified, retrievedAt, r, i);
  }
}
