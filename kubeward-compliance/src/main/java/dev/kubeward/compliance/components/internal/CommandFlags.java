package dev.kubeward.compliance.components.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the flags of a Kubernetes component's command line the way its flag parser (pflag) does: {@code --name=value},
 * {@code --name value} for a value that does not look like a flag, and a bare {@code --name} as {@code true}. The
 * binary and positional arguments are ignored; a flag given twice keeps its last value, as the component would.
 */
public final class CommandFlags {
  /** More arguments than any real component has; a longer list is cut (hostile or broken input). */
  static final int MAX_ARGS = 1000;

  private CommandFlags() {}

  /** Flags of {@code command} followed by {@code args} (either may be empty), names without dashes. */
  public static Map<String, String> parse(List<String> commandAndArgs) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> all = commandAndArgs.size() > MAX_ARGS ? commandAndArgs.subList(0, MAX_ARGS) : commandAndArgs;
    for (int i = 0; i < all.size(); i++) {
      String a = all.get(i) == null ? "" : all.get(i).trim();
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        continue;
      }
      String body = a.startsWith("--") ? a.substring(2) : a.substring(1);
      int eq = body.indexOf('=');
      if (eq == 0) {
        continue;
      }
      if (eq > 0) {
        flags.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < all.size() && all.get(i + 1) != null && !all.get(i + 1).trim().startsWith("-")) {
        flags.put(body, all.get(++i).trim());
      } else {
        flags.put(body, "true");
      }
    }
    return flags;
  }
}
