package dev.kubeward.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;

/** Builds the command tree from every {@link CliCommand} on the class path. */
public final class CommandRegistry {
  private CommandRegistry() {}

  /** The root command line with every registered command attached under its parent. */
  public static CommandLine build(Object root) {
    List<CliCommand> commands = new ArrayList<>();
    ServiceLoader.load(CliCommand.class, CommandRegistry.class.getClassLoader()).forEach(commands::add);
    return build(root, commands);
  }

  static CommandLine build(Object root, List<CliCommand> commands) {
    CommandLine top = new CommandLine(root);
    Map<String, CommandLine> byPath = new LinkedHashMap<>();
    byPath.put("", top);
    // Parents before children: a path with fewer words is attached first.
    List<CliCommand> sorted = new ArrayList<>(commands);
    sorted.sort(Comparator.comparingInt((CliCommand c) -> depth(c.parent())).thenComparing(c -> name(c)));
    for (CliCommand c : sorted) {
      String parentPath = c.parent().trim();
      CommandLine parent = byPath.get(parentPath);
      if (parent == null) {
        throw new IllegalStateException("command '" + name(c) + "' names parent '" + parentPath + "', which no command provides");
      }
      CommandLine child = new CommandLine(c);
      parent.addSubcommand(name(c), child);
      byPath.put(parentPath.isEmpty() ? name(c) : parentPath + " " + name(c), child);
    }
    return top;
  }

  private static int depth(String path) {
    return path.isBlank() ? 0 : path.trim().split("\\s+").length;
  }

  private static String name(CliCommand c) {
    CommandLine.Command a = c.getClass().getAnnotation(CommandLine.Command.class);
    if (a == null || a.name().isEmpty() || a.name().equals("<main class>")) {
      throw new IllegalStateException(c.getClass().getName() + " needs @Command(name = ...)");
    }
    return a.name();
  }
}
