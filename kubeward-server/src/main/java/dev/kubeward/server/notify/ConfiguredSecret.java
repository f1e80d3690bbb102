package dev.kubeward.server.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a credential given either inline (property or environment) or as a file (a mounted Kubernetes secret). */
final class ConfiguredSecret {
  private ConfiguredSecret() {}

  /**
   * The secret: the file's content (without its trailing newline) when a file is named, else the inline value.
   *
   * @return null when neither is set
   * @throws IllegalStateException naming the file (never its content) when it cannot be read
   */
  static String resolve(String inline, String file, String what) {
    if (file != null && !file.isBlank()) {
      try {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the " + what + " from file " + file + ": " + e.getClass().getSimpleName());
      }
    }
    return inline == null || inline.isEmpty() ? null : inline;
  }
}
