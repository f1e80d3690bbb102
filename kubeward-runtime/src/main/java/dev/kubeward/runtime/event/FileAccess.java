package dev.kubeward.runtime.event;

/**
 * A file a process touched.
 *
 * @param path absolute path, or ""
 * @param operation {@code open}, {@code read}, {@code write}, {@code create}, {@code delete}, {@code rename},
 *     {@code mmap}, {@code chmod}, or {@code other}; "" when there is no file
 */
public record FileAccess(String path, String operation) {
  /** No file. */
  public static final FileAccess NONE = new FileAccess("", "");

  public FileAccess {
    path = path == null ? "" : path;
    operation = operation == null ? "" : operation;
  }
}
