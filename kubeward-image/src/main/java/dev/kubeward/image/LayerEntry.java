package dev.kubeward.image;

/**
 * One entry of a layer's tar stream, after the path has been checked and normalised.
 *
 * @param path path relative to the image root, without a leading slash or "./" ({@code etc/os-release}); for
 *     whiteouts the path that is deleted, for opaque markers the directory that is emptied
 * @param type what the entry is
 * @param size content size in bytes (0 for everything but regular files)
 * @param mode the Unix permission bits
 * @param linkTarget for symlinks the target as written; for hard links the normalised path of the linked entry
 */
public record LayerEntry(String path, Type type, long size, int mode, String linkTarget) {
  /** Kinds of entries a layer walk reports. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    /** An AUFS-style {@code .wh.NAME} marker: NAME and everything under it from lower layers is deleted. */
    WHITEOUT,
    /** A {@code .wh..wh..opq} marker: the directory hides everything lower layers put in it. */
    OPAQUE_DIRECTORY,
    /** Devices and FIFOs, which carry no content. */
    OTHER
  }

  /** True for regular files with any execute bit set. */
  public boolean executable() {
    return type == Type.FILE && (mode & 0111) != 0;
  }

  /** The last path segment. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
