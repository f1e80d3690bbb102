package dev.kubeward.inventory;

import java.util.Objects;

/**
 * Where an object or a problem was found in the user's files.
 *
 * @param file the file as the user named it (or found under a folder they named)
 * @param line 1-based line of the document or list item; 0 when unknown
 */
public record SourceLocation(String file, int line) {
  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line : file;
  }
}
