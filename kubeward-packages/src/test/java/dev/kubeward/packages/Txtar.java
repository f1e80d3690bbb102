package dev.kubeward.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads Go's txtar archives ("-- name --" headers), which some shared test data uses. */
public final class Txtar {
  private Txtar() {}

  public static Map<String, byte[]> read(Path file) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.startsWith("-- ") && line.endsWith(" --") && line.length() > 6) {
        if (name != null) {
          files.put(name, body.toString().getBytes(StandardCharsets.UTF_8));
        }
        name = line.substring(3, line.length() - 3).trim();
        body.setLength(0);
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      files.put(name, body.toString().getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }
}
