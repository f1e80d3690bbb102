package dev.kubeward.image;

import java.util.Locale;
import java.util.Objects;

/**
 * An OS and CPU architecture an image is built for, as manifest lists name them ({@code linux/arm64/v8}).
 *
 * @param os the operating system ({@code linux})
 * @param architecture the CPU architecture in Go's naming ({@code amd64}, {@code arm64})
 * @param variant the CPU variant ({@code v8}, {@code v7}), or "" for any
 */
public record Platform(String os, String architecture, String variant) {
  /** What a node runs unless told otherwise. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  public Platform {
    os = Objects.requireNonNull(os, "os").toLowerCase(Locale.ROOT);
    architecture = Objects.requireNonNull(architecture, "architecture").toLowerCase(Locale.ROOT);
    variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code os/arch[/variant]}. */
  public static Platform parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException("platform must look like os/arch[/variant], e.g. linux/arm64, not '" + text + "'");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /**
   * True when an image built for {@code candidate} runs here. An unspecified variant matches any, and arm64's only
   * variant v8 is the same as none.
   */
  public boolean accepts(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    String mine = normalVariant(this);
    String theirs = normalVariant(candidate);
    return mine.isEmpty() || theirs.isEmpty() || mine.equals(theirs);
  }

  private static String normalVariant(Platform p) {
    return p.architecture.equals("arm64") && p.variant.equals("v8") ? "" : p.variant;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
